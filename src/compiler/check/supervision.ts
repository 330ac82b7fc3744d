/**
 * Outputs: the main head on the final node, deep-supervision heads on the chosen X(i, j) nodes
 * (`head_x<i>_<j>`, up-sampled first as `head_x<i>_<j>_up` when resolution is 'upsampled'), and for
 * inference 'average' a `head_average` node that becomes outputs[0] (loss weight 0; the heads
 * carry the loss weights).
 */
import type { IrRole } from '../ir/ir.js';
import type { NetworkSpec, Padding } from '../spec/model-spec.js';
import { expandHead } from './head.js';
import type { NetBuilder } from './net-builder.js';

export const nodeName = (level: number, column: number): string => `X${level}_${column}`;

/** Product of the down-sampling strides above `level`, per axis: how much coarser level `level` is. */
function levelScale(net: NetworkSpec, level: number): number[] {
  const scale = net.inputSize.map(() => 1);
  for (let i = 0; i < level; i++) {
    const stride = net.levels[i]?.down?.stride ?? [];
    stride.forEach((s, a) => (scale[a] = (scale[a] ?? 1) * s));
  }
  return scale;
}

/**
 * Adds every head. `grid` maps "X<i>_<j>" to the node holding X(i, j); `final` names the node the
 * main head sits on.
 */
export function expandOutputs(
  b: NetBuilder,
  net: NetworkSpec,
  grid: ReadonlyMap<string, number>,
  final: string,
  padding: Padding,
): void {
  const sup = net.supervision;
  const finalNode = grid.get(final) ?? 0;
  const mainRole: IrRole = { stage: 'head', level: 0, column: Number(final.split('_')[1] ?? 0) };
  const main = expandHead(b, finalNode, net.head, padding, 'head', mainRole);
  if (!sup || sup.heads.length === 0) {
    b.output(main, 'main', 1);
    return;
  }
  const heads: { node: number; name: string; weight: number }[] = [];
  const finalWeight = sup.heads.find((h) => nodeName(h.node.level, h.node.column) === final)?.weight;
  heads.push({ node: main, name: final, weight: finalWeight ?? 1 });
  for (const h of sup.heads) {
    const name = nodeName(h.node.level, h.node.column);
    if (name === final) continue;
    const source = grid.get(name);
    if (source === undefined) {
      b.report('SupervisionNodeMissing', h.node.$path, {
        node: name,
        valid: `Nodes here: ${[...grid.keys()].join(', ')}.`,
      });
      continue;
    }
    const role: IrRole = { stage: 'head', level: h.node.level, column: h.node.column };
    const id = `head_x${h.node.level}_${h.node.column}`;
    let x = source;
    const scale = levelScale(net, h.node.level);
    if (sup.resolution === 'upsampled' && scale.some((s) => s > 1)) {
      x = b.add({
        id: `${id}_up`,
        attrs: { op: 'upsample', size: scale, interpolation: 'bilinear' },
        inputs: [x],
        channels: b.channels(x),
        role,
        origin: sup.$path,
      });
    }
    heads.push({ node: expandHead(b, x, net.head, padding, id, role), name, weight: h.weight });
  }
  if (sup.inference === 'average') {
    const avg = b.merge(
      'head_average',
      'average',
      heads.map((h) => h.node),
      { kind: 'exact' },
      { stage: 'head', level: 0, column: 0 },
      sup.$path,
    );
    b.output(avg, 'main', 0);
    for (const h of heads) b.output(h.node, h.name, h.weight);
    return;
  }
  b.output(main, 'main', heads[0]?.weight ?? 1);
  for (const h of heads.slice(1)) b.output(h.node, h.name, h.weight);
}

/** `prune: Lk` needs U-Net++, 1 ≤ k ≤ depth, and a trained head on X(0, k). */
export function checkPrune(b: NetBuilder, net: NetworkSpec, kind: string): void {
  const sup = net.supervision;
  const k = sup?.prune;
  if (!sup || k === null || k === undefined) return;
  const at = `${sup.$path}/prune`;
  if (kind !== 'nested') {
    b.report('PruneNeedsNested', at, { kind });
    return;
  }
  if (k < 1 || k > net.depth) {
    b.report('PruneOutOfRange', at, { prune: k, depth: net.depth });
    return;
  }
  const headed = sup.heads.some((h) => h.node.level === 0 && h.node.column === k);
  if (k < net.depth && !headed) b.report('PruneNeedsHead', at, { prune: k });
}

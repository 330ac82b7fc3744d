import { childPointer } from '../document.js';
import type { Dims, HeadSpec, NodeRef, SupervisionSpec } from '../model-spec.js';
import { perAxis } from './axes.js';
import { asObject, child, intOr, oneOf, type Located, type NormalizeContext } from './context.js';

const headActivations = ['softmax', 'sigmoid', 'linear'] as const;

/** `head: softmax` | `head { activation, channels, kernel }`; softmax over `classes` channels (sigmoid for one class). */
export function normalizeHead(ctx: NormalizeContext, loc: Located, dims: Dims, classes: number): HeadSpec {
  const fallback = classes === 1 ? 'sigmoid' : 'softmax';
  if (typeof loc.value === 'string' || loc.value === undefined) {
    // `head: none`: the decoder's last layer already emits the classes; the activation stays.
    const conv = loc.value !== 'none';
    return {
      $path: loc.pointer,
      channels: classes,
      activation: conv ? oneOf(loc.value, headActivations, fallback) : fallback,
      kernel: perAxis(ctx, child(loc, 'kernel'), dims, 1),
      conv,
    };
  }
  const activation = child(loc, 'activation').value ?? child(loc, 'type').value;
  return {
    $path: loc.pointer,
    channels: intOr(child(loc, 'channels').value, classes),
    activation: oneOf(activation, headActivations, fallback),
    kernel: perAxis(ctx, child(loc, 'kernel'), dims, 1),
    conv: child(loc, 'conv').value !== false,
  };
}

/** The decoder nodes X(i, j) of the network: every i + j ≤ depth (j ≥ 1) when nested, else X(i, depth − i). */
export function decoderNodes(depth: number, nested: boolean): { level: number; column: number }[] {
  const nodes: { level: number; column: number }[] = [];
  for (let i = 0; i < depth; i++) {
    if (nested) for (let j = 1; i + j <= depth; j++) nodes.push({ level: i, column: j });
    else nodes.push({ level: i, column: depth - i });
  }
  return nodes;
}

const nodeName = (n: { level: number; column: number }): string => `X${n.level}_${n.column}`;

/** `X0_3` → X(0, 3), checked against the grid this network has. */
function nodeRef(ctx: NormalizeContext, loc: Located, depth: number, nested: boolean): NodeRef | undefined {
  const text = typeof loc.value === 'string' ? loc.value : String(loc.value);
  const m = /^X(\d+)_(\d+)$/.exec(text);
  if (!m) {
    ctx.report('BadNodeName', loc.pointer, { text });
    return undefined;
  }
  const level = Number(m[1]);
  const column = Number(m[2]);
  const nodes = decoderNodes(depth, nested);
  if (!nodes.some((n) => n.level === level && n.column === column)) {
    const why =
      column === 0
        ? 'column 0 is the encoder'
        : level + column > depth
          ? `level + column must be at most the depth, ${depth}`
          : `without nested skips the decoder node of level ${level} is X${level}_${depth - level}`;
    ctx.report('NodeNotInGrid', loc.pointer, { node: text, why, nodes: nodes.map(nodeName).join(', ') });
    return undefined;
  }
  return { level, column, $path: loc.pointer };
}

/**
 * Deep-supervision heads on decoder nodes with loss weights: a list, `equal`, or `halving` (each
 * coarser head half of the next finer one, as in nnU-Net), always normalised to sum to 1.
 */
export function normalizeSupervision(
  ctx: NormalizeContext,
  loc: Located,
  depth: number,
  nested: boolean,
): SupervisionSpec | null {
  if (!asObject(loc.value)) return null;
  const headsLoc = child(loc, 'heads');
  const written = Array.isArray(headsLoc.value) ? headsLoc.value : undefined;
  const refs: NodeRef[] = written
    ? written.flatMap(
        (_, i) =>
          nodeRef(ctx, { value: written[i], pointer: childPointer(headsLoc.pointer, i) }, depth, nested) ??
          [],
      )
    : decoderNodes(depth, nested)
        .filter((n) => !nested || n.level === 0)
        .map((n) => ({ ...n, $path: headsLoc.pointer }));
  const weightsLoc = child(loc, 'weights');
  let weights: number[];
  if (Array.isArray(weightsLoc.value)) {
    weights = weightsLoc.value.map((w) => (typeof w === 'number' ? w : 0));
    if (written && weights.length !== written.length)
      ctx.report('WeightsLength', weightsLoc.pointer, { heads: written.length, weights: weights.length });
    else if (!written && weights.length !== refs.length)
      ctx.report('WeightsLength', weightsLoc.pointer, { heads: refs.length, weights: weights.length });
  } else if (weightsLoc.value === 'halving') {
    // Rank heads finest first (lower level, then later column): the finest gets 1, the next 1/2, …
    const ranked = [...refs].sort((a, b) => a.level - b.level || b.column - a.column);
    weights = refs.map((r) => 0.5 ** ranked.indexOf(r));
  } else weights = refs.map(() => 1);
  const total = weights.slice(0, refs.length).reduce((a, b) => a + b, 0);
  // Whether Lk exists for this network is the checker's call (UNC3202): it knows the wiring.
  const pruneText = child(loc, 'prune').value;
  const prune = typeof pruneText === 'string' && /^L\d+$/.test(pruneText) ? Number(pruneText.slice(1)) : null;

  return {
    $path: loc.pointer,
    heads: refs.map((node, i) => ({ node, weight: total > 0 ? (weights[i] ?? 0) / total : 0 })),
    resolution: oneOf(child(loc, 'resolution').value, ['native', 'upsampled'] as const, 'native'),
    inference: oneOf(child(loc, 'inference').value, ['final', 'average'] as const, 'final'),
    prune,
  };
}

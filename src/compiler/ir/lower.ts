/**
 * NetGraph + per-axis sizes → IrGraph: every node gets its shape and FLOPs, centre crops become
 * `crop` layers (named by the merge's `cropIds`, e.g. "dec3_crop") and zero crops disappear.
 */
import { assertNever } from '../../common/assert-never.js';
import { centreCropMargins } from '../shapes/crop.js';
import { convFlops, convTransposeFlops, product } from '../shapes/layer-cost.js';
import type { IrGraph, IrNode, IrOutput } from './ir.js';
import type { NetGraph, NetNode } from './net-graph.js';

type Margins = [number, number][];

function flopsOf(node: NetNode, shape: readonly number[], inShape: readonly number[]): number {
  const a = node.attrs;
  const elements = product(shape);
  const inC = inShape[inShape.length - 1] ?? 0;
  switch (a.op) {
    case 'conv':
      return convFlops(a.kernel, inC, a.filters, shape.slice(0, -1));
    case 'conv_transpose':
      return convTransposeFlops(a.kernel, inC, a.filters, inShape.slice(0, -1));
    case 'max_pool':
    case 'avg_pool':
      return elements * product(a.pool);
    case 'norm':
      return elements * 4;
    case 'upsample':
    case 'resize_like':
      return a.interpolation === 'bilinear' ? elements * 4 : 0;
    case 'activation':
    case 'dropout':
      return elements;
    case 'add':
    case 'multiply':
    case 'average':
      return elements * Math.max(node.inputs.length - 1, 1);
    case 'input':
    case 'crop':
    case 'pad':
    case 'concat':
      return 0;
    default:
      return assertNever(a, 'IR op');
  }
}

/** `sizes[axis][node]`: the spatial size of every NetGraph node on every axis. */
export function lowerNetGraph(net: NetGraph, sizes: readonly (readonly number[])[]): IrGraph {
  const out: IrNode[] = [];
  const alias: string[] = [];
  const shapes: (readonly number[])[] = [];
  const spatial = (n: number) => sizes.map((axis) => axis[n] ?? 0);
  const cropMargins = (from: number, to: readonly number[]): Margins =>
    to.map((t, axis) => centreCropMargins(sizes[axis]?.[from] ?? t, t));
  const taken = new Set(net.nodes.map((node) => node.id));
  const pushCrop = (
    wanted: string,
    source: number,
    margins: Margins,
    shape: readonly number[],
    node: NetNode,
  ) => {
    let id = wanted;
    for (let k = 2; taken.has(id) && id !== node.id; k++) id = `${wanted}_${k}`;
    taken.add(id);
    out.push({
      id,
      attrs: { op: 'crop', cropping: margins },
      inputs: [alias[source]!],
      shape,
      params: 0,
      flops: 0,
      role: node.role,
      origin: node.origin,
    });
    return id;
  };

  net.nodes.forEach((node, n) => {
    const own = spatial(n);
    const shape = [...own, node.channels];
    shapes[n] = shape;
    const isZero = (m: Margins) => m.every(([a, b]) => a === 0 && b === 0);
    if (node.attrs.op === 'crop' && node.inputs.length === 2) {
      const margins = cropMargins(node.inputs[0]!, own);
      alias[n] = isZero(margins)
        ? alias[node.inputs[0]!]!
        : pushCrop(node.id, node.inputs[0]!, margins, shape, node);
      return;
    }
    let inputs = node.inputs.map((i) => alias[i]!);
    const align = node.align;
    if (align?.kind === 'pad_to') {
      inputs = node.inputs.map((i, p) => {
        const padding: Margins = own.map((t, axis) => [0, t - (sizes[axis]?.[i] ?? t)]);
        if (p === align.target || isZero(padding)) return alias[i]!;
        let id = node.cropIds?.[p] ?? `${node.id}_pad${p}`;
        for (let k = 2; taken.has(id); k++) id = `${node.cropIds?.[p] ?? `${node.id}_pad${p}`}_${k}`;
        taken.add(id);
        out.push({
          id,
          attrs: { op: 'pad', padding, ...(align.mode === 'replicate' ? { mode: 'replicate' } : {}) },
          inputs: [alias[i]!],
          shape: [...own, net.nodes[i]?.channels ?? 0],
          params: 0,
          flops: 0,
          role: node.role,
          origin: node.origin,
        });
        return id;
      });
    } else if (node.align && node.align.kind !== 'exact') {
      inputs = node.inputs.map((i, p) => {
        const margins = cropMargins(i, own);
        if (isZero(margins)) return alias[i]!;
        const id = node.cropIds?.[p] ?? `${node.id}_crop${p}`;
        return pushCrop(id, i, margins, [...own, net.nodes[i]?.channels ?? 0], node);
      });
    }
    const inShape = shapes[node.inputs[0] ?? -1] ?? shape;
    out.push({
      id: node.id,
      attrs: node.attrs,
      inputs,
      shape,
      params: node.params,
      flops: flopsOf(node, shape, inShape),
      role: node.role,
      origin: node.origin,
    });
    alias[n] = node.id;
  });

  const outputs: IrOutput[] = net.outputs.map((o) => ({
    node: alias[o.node]!,
    name: o.name,
    lossWeight: o.lossWeight,
    shape: shapes[o.node] ?? [],
  }));
  return { dims: net.dims, nodes: out, input: alias[0] ?? 'input', outputs };
}

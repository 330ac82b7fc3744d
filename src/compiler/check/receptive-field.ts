/**
 * Receptive field per axis: the input pixels one output pixel depends on, traced backwards through
 * the graph at the spec's sizes (so crops, same-padding offsets and the phase of up-sampling are
 * exact; the forward "jump" formula overestimates valid U-Nets). Padded positions count: a same-
 * padded net's field may be wider than its input. The maximum over one period of output positions.
 */
import type { NetGraph, NetNode } from '../ir/net-graph.js';
import { effectiveKernel, sameConvPadding } from '../shapes/conv-arithmetic.js';
import { centreCropMargins } from '../shapes/crop.js';

type Widen = (input: number, lo: number, hi: number) => void;

function back(node: NetNode, n: number, axis: number, sizes: readonly number[], lo: number, hi: number, widen: Widen): void {
  const a = node.attrs;
  const in0 = node.inputs[0] ?? 0;
  const s0 = sizes[in0] ?? 0;
  switch (a.op) {
    case 'input':
      return;
    case 'conv':
    case 'max_pool':
    case 'avg_pool': {
      const k = (a.op === 'conv' ? a.kernel : a.pool)[axis] ?? 1;
      const d = a.op === 'conv' ? (a.dilation[axis] ?? 1) : 1;
      const s = a.strides[axis] ?? 1;
      const pb = a.padding === 'same' ? sameConvPadding(s0, k, s, d)[0] : 0;
      widen(in0, lo * s - pb, hi * s - pb + effectiveKernel(k, d) - 1);
      return;
    }
    case 'conv_transpose': {
      const k = a.kernel[axis] ?? 1;
      const s = a.strides[axis] ?? 1;
      const pb = a.padding === 'same' ? Math.floor(Math.max(k - s, 0) / 2) : 0;
      widen(in0, Math.ceil((lo + pb - k + 1) / s), Math.floor((hi + pb) / s));
      return;
    }
    case 'upsample':
    case 'resize_like': {
      const f = a.op === 'upsample' ? (a.size[axis] ?? 1) : (sizes[n] ?? 1) / Math.max(s0, 1);
      if (a.interpolation === 'nearest') widen(in0, Math.floor(lo / f), Math.floor(hi / f));
      else widen(in0, Math.floor((lo + 0.5) / f - 0.5), Math.floor((hi + 0.5) / f - 0.5) + 1);
      return;
    }
    case 'pad':
      widen(in0, lo - (a.padding[axis]?.[0] ?? 0), hi - (a.padding[axis]?.[0] ?? 0));
      return;
    case 'crop': {
      const before = node.inputs.length === 2 ? centreCropMargins(s0, sizes[n] ?? 0)[0] : (a.cropping[axis]?.[0] ?? 0);
      widen(in0, lo + before, hi + before);
      return;
    }
    default:
      for (const i of node.inputs) {
        const before = node.align && node.align.kind !== 'exact' ? centreCropMargins(sizes[i] ?? 0, sizes[n] ?? 0)[0] : 0;
        widen(i, lo + before, hi + before);
      }
  }
}

function fieldAt(graph: NetGraph, axis: number, sizes: readonly number[], output: number, position: number): number {
  const count = graph.nodes.length;
  const lo = new Float64Array(count).fill(Infinity);
  const hi = new Float64Array(count).fill(-Infinity);
  lo[output] = position;
  hi[output] = position;
  const widen: Widen = (i, l, h) => {
    if (l < lo[i]!) lo[i] = l;
    if (h > hi[i]!) hi[i] = h;
  };
  for (let n = output; n >= 0; n--) {
    if (lo[n] === Infinity) continue;
    back(graph.nodes[n]!, n, axis, sizes, lo[n]!, hi[n]!, widen);
  }
  return lo[0] === Infinity ? 0 : hi[0]! - lo[0]! + 1;
}

/** `sizes[axis][node]` at the spec's input size; `period[axis]`: how many output phases to try. */
export function receptiveField(
  graph: NetGraph,
  sizes: readonly (readonly number[])[],
  output: number,
  period: readonly number[],
): number[] {
  return sizes.map((axisSizes, axis) => {
    const outSize = axisSizes[output] ?? 1;
    const start = Math.floor(outSize / 2);
    let best = 0;
    const phases = Math.min(period[axis] ?? 1, outSize);
    for (let p = 0; p < phases; p++) {
      best = Math.max(best, fieldAt(graph, axis, axisSizes, output, Math.min(start + p, outSize - 1)));
    }
    return best;
  });
}

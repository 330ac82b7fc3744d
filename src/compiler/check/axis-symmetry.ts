/**
 * Whether two spatial axes see identical layers (kernels, strides, dilations, factors, paddings):
 * then their size rules, and at equal input sizes their sizes and receptive fields, coincide, and
 * the checker computes them once (most 2D nets are isotropic).
 */
import type { NetGraph } from '../ir/net-graph.js';

const at = (values: readonly number[] | undefined, axis: number): number | undefined => values?.[axis];

export function sameAxes(graph: NetGraph, a: number, b: number): boolean {
  for (const node of graph.nodes) {
    const x = node.attrs;
    switch (x.op) {
      case 'conv':
        if (at(x.kernel, a) !== at(x.kernel, b) || at(x.strides, a) !== at(x.strides, b)) return false;
        if (at(x.dilation, a) !== at(x.dilation, b)) return false;
        break;
      case 'conv_transpose':
        if (at(x.kernel, a) !== at(x.kernel, b) || at(x.strides, a) !== at(x.strides, b)) return false;
        if (at(x.outputPadding, a) !== at(x.outputPadding, b)) return false;
        break;
      case 'max_pool':
      case 'avg_pool':
        if (at(x.pool, a) !== at(x.pool, b) || at(x.strides, a) !== at(x.strides, b)) return false;
        break;
      case 'upsample':
        if (at(x.size, a) !== at(x.size, b)) return false;
        break;
      case 'pad':
      case 'crop': {
        const m = x.op === 'pad' ? x.padding : x.cropping;
        if (m[a]?.[0] !== m[b]?.[0] || m[a]?.[1] !== m[b]?.[1]) return false;
        break;
      }
      default:
        break;
    }
  }
  return true;
}

/** For every axis, the first axis it is interchangeable with (itself when none earlier is). */
export function axisRepresentatives(graph: NetGraph, dims: number): number[] {
  const reps: number[] = [];
  for (let axis = 0; axis < dims; axis++) {
    let rep = axis;
    for (let earlier = 0; earlier < axis; earlier++) {
      if (reps[earlier] === earlier && sameAxes(graph, earlier, axis)) {
        rep = earlier;
        break;
      }
    }
    reps.push(rep);
  }
  return reps;
}

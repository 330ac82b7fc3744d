/**
 * Receptive field per axis: the input pixels one output pixel depends on, traced backwards through
 * the graph at the spec's sizes (so crops, same-padding offsets and the phase of up-sampling are
 * exact; the forward "jump" formula overestimates valid U-Nets). Padded positions count: a same-
 * padded net's field may be wider than its input. The maximum over one period of output positions.
 */
import type { NetGraph, NetNode } from '../ir/net-graph.js';
import { effectiveKernel, sameConvPadding } from '../shapes/conv-arithmetic.js';
import { centreCropMargins } from '../shapes/crop.js';

const MAX_PHASES = 1024;

const enum Step {
  /** Same coordinates, shifted by a per-input offset (activations, norms, crops, pads, merges). */
  Shift,
  /** A window: [lo·s − p, hi·s − p + k_eff − 1]. */
  Window,
  /** A transposed conv: [⌈(lo + p − k + 1) / s⌉, ⌊(hi + p) / s⌋]. */
  Transpose,
  /** Nearest resize by f: [⌊lo / f⌋, ⌊hi / f⌋]. */
  Nearest,
  /** Bilinear resize by f (half-pixel centres): two taps. */
  Bilinear,
  Input,
}

/** One axis of the graph as flat numbers, so the per-phase passes are tight loops. */
interface AxisPlan {
  readonly step: Uint8Array;
  readonly stride: Float64Array;
  readonly pad: Float64Array;
  readonly kernel: Float64Array;
  /** Inputs that receive the interval, and the offset each gets (crop margins). */
  readonly inputs: readonly (readonly number[])[];
  readonly offsets: readonly (readonly number[])[];
}

function planAxis(graph: NetGraph, axis: number, sizes: readonly number[]): AxisPlan {
  const count = graph.nodes.length;
  const plan = {
    step: new Uint8Array(count),
    stride: new Float64Array(count),
    pad: new Float64Array(count),
    kernel: new Float64Array(count),
    inputs: [] as number[][],
    offsets: [] as number[][],
  };
  graph.nodes.forEach((node: NetNode, n) => {
    const a = node.attrs;
    const in0 = node.inputs[0] ?? 0;
    const s0 = sizes[in0] ?? 0;
    let step = Step.Shift;
    let inputs: number[] = [in0];
    let offsets: number[] = [0];
    switch (a.op) {
      case 'input':
        step = Step.Input;
        inputs = [];
        offsets = [];
        break;
      case 'conv':
      case 'max_pool':
      case 'avg_pool': {
        const k = (a.op === 'conv' ? a.kernel : a.pool)[axis] ?? 1;
        const d = a.op === 'conv' ? (a.dilation[axis] ?? 1) : 1;
        const s = a.strides[axis] ?? 1;
        step = Step.Window;
        plan.stride[n] = s;
        plan.kernel[n] = effectiveKernel(k, d);
        plan.pad[n] = a.padding === 'same' ? sameConvPadding(s0, k, s, d)[0] : 0;
        break;
      }
      case 'conv_transpose': {
        const k = a.kernel[axis] ?? 1;
        const s = a.strides[axis] ?? 1;
        step = Step.Transpose;
        plan.stride[n] = s;
        plan.kernel[n] = k;
        plan.pad[n] = a.padding === 'same' ? Math.floor(Math.max(k - s, 0) / 2) : 0;
        break;
      }
      case 'upsample':
      case 'resize_like':
        step = a.interpolation === 'nearest' ? Step.Nearest : Step.Bilinear;
        plan.stride[n] = a.op === 'upsample' ? (a.size[axis] ?? 1) : (sizes[n] ?? 1) / Math.max(s0, 1);
        break;
      case 'pad':
        offsets = [-(a.padding[axis]?.[0] ?? 0)];
        break;
      case 'crop':
        offsets = [
          node.inputs.length === 2 ? centreCropMargins(s0, sizes[n] ?? 0)[0] : (a.cropping[axis]?.[0] ?? 0),
        ];
        break;
      default: {
        inputs = [...node.inputs];
        const cropped = node.align !== undefined && node.align.kind !== 'exact';
        offsets = inputs.map((i) => (cropped ? centreCropMargins(sizes[i] ?? 0, sizes[n] ?? 0)[0] : 0));
      }
    }
    plan.step[n] = step;
    plan.inputs.push(inputs);
    plan.offsets.push(offsets);
  });
  return plan;
}

function fieldAt(
  plan: AxisPlan,
  output: number,
  position: number,
  lo: Float64Array,
  hi: Float64Array,
): number {
  lo.fill(Infinity);
  hi.fill(-Infinity);
  lo[output] = position;
  hi[output] = position;
  for (let n = output; n >= 0; n--) {
    let l = lo[n]!;
    let h = hi[n]!;
    if (l === Infinity) continue;
    const s = plan.stride[n]!;
    switch (plan.step[n]) {
      case Step.Input:
        continue;
      case Step.Window:
        l = l * s - plan.pad[n]!;
        h = h * s - plan.pad[n]! + plan.kernel[n]! - 1;
        break;
      case Step.Transpose:
        l = Math.ceil((l + plan.pad[n]! - plan.kernel[n]! + 1) / s);
        h = Math.floor((h + plan.pad[n]!) / s);
        break;
      case Step.Nearest:
        l = Math.floor(l / s);
        h = Math.floor(h / s);
        break;
      case Step.Bilinear:
        l = Math.floor((l + 0.5) / s - 0.5);
        h = Math.floor((h + 0.5) / s - 0.5) + 1;
        break;
      default:
        break;
    }
    const inputs = plan.inputs[n]!;
    const offsets = plan.offsets[n]!;
    for (let p = 0; p < inputs.length; p++) {
      const i = inputs[p]!;
      const off = offsets[p]!;
      if (l + off < lo[i]!) lo[i] = l + off;
      if (h + off > hi[i]!) hi[i] = h + off;
    }
  }
  return lo[0] === Infinity ? 0 : hi[0]! - lo[0]! + 1;
}

/**
 * `sizes[axis][node]` at the spec's input size; `period[axis]`: how many output phases to try;
 * `reps[axis]`: an earlier axis with identical layers whose answer it shares at equal sizes.
 */
export function receptiveField(
  graph: NetGraph,
  sizes: readonly (readonly number[])[],
  output: number,
  period: readonly number[],
  reps: readonly number[] = [],
): number[] {
  const lo = new Float64Array(graph.nodes.length);
  const hi = new Float64Array(graph.nodes.length);
  const fields: number[] = [];
  sizes.forEach((axisSizes, axis) => {
    const rep = reps[axis] ?? axis;
    if (rep !== axis && sizes[rep] === axisSizes) {
      fields.push(fields[rep] ?? 0);
      return;
    }
    const plan = planAxis(graph, axis, axisSizes);
    const outSize = axisSizes[output] ?? 1;
    const start = Math.floor(outSize / 2);
    let best = 0;
    // One period of output phases is exact; beyond MAX_PHASES (depth-10 nets) the field is a lower bound.
    const phases = Math.min(period[axis] ?? 1, outSize, MAX_PHASES);
    for (let p = 0; p < phases; p++) {
      best = Math.max(best, fieldAt(plan, output, Math.min(start + p, outSize - 1), lo, hi));
    }
    fields.push(best);
  });
  return fields;
}

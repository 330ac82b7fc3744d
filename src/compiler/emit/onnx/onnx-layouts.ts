/**
 * tfjs (channels-last) weight layouts to ONNX (channels-first) ones, by pure index permutation:
 * every value is copied, never recomputed, so the conversion is bit-exact both ways.
 */
import { permuteAxes } from '../permute-axes.js';

export interface Converted {
  readonly dims: number[];
  readonly values: Float32Array;
}

/** Conv kernel [...k, in, out] → ONNX Conv W [out, in, ...k]. */
export function convKernel(values: Float32Array, shape: readonly number[]): Converted {
  const r = shape.length;
  const perm = [r - 1, r - 2, ...shape.slice(0, -2).map((_, i) => i)];
  return { dims: perm.map((p) => shape[p]!), values: permuteAxes(values, shape, perm) };
}

/**
 * Transposed-conv kernel [...k, out, in] → ONNX ConvTranspose W [in, out, ...k]. Both scatter
 * x[i]·W[k] to output position i·s + k without flipping the kernel, so no spatial reversal.
 */
export function convTransposeKernel(values: Float32Array, shape: readonly number[]): Converted {
  return convKernel(values, shape);
}

/** A channels-last tensor without batch [...spatial, C] → channels-first [C, ...spatial]. */
export function channelsFirst(values: Float32Array, shape: readonly number[]): Converted {
  const r = shape.length;
  const perm = [r - 1, ...shape.slice(0, -1).map((_, i) => i)];
  return { dims: perm.map((p) => shape[p]!), values: permuteAxes(values, shape, perm) };
}

/**
 * tfjs (channels-last) weight layouts to ONNX (channels-first) ones, by pure index permutation:
 * every value is copied, never recomputed, so the conversion is bit-exact both ways.
 */

/** Transposes a row-major tensor of `shape` by `perm` (output axis i is input axis perm[i]). */
export function permute(
  values: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
): Float32Array {
  const rank = shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  const outShape = perm.map((p) => shape[p]!);
  const outStrides = perm.map((p) => strides[p]!);
  const out = new Float32Array(values.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let source = 0;
    for (let a = 0; a < rank; a++) source += index[a]! * outStrides[a]!;
    out[o] = values[source]!;
    for (let a = rank - 1; a >= 0; a--) {
      if (++index[a]! < outShape[a]!) break;
      index[a] = 0;
    }
  }
  return out;
}

export interface Converted {
  readonly dims: number[];
  readonly values: Float32Array;
}

/** Conv kernel [...k, in, out] → ONNX Conv W [out, in, ...k]. */
export function convKernel(values: Float32Array, shape: readonly number[]): Converted {
  const r = shape.length;
  const perm = [r - 1, r - 2, ...shape.slice(0, -2).map((_, i) => i)];
  return { dims: perm.map((p) => shape[p]!), values: permute(values, shape, perm) };
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
  return { dims: perm.map((p) => shape[p]!), values: permute(values, shape, perm) };
}

/**
 * Weight layouts differ between targets (tfjs channels-last kernels, PyTorch's and ONNX's
 * channels-first ones) only by the order of axes, so every conversion is this one copy: exact,
 * never recomputed, and its own inverse with the inverse permutation.
 */
/** Moves the axes of a row-major array: output axis i is input axis perm[i]. Exact (a copy). */
export function permuteAxes(
  data: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
): Float32Array {
  const rank = shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = (strides[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  const outShape = perm.map((p) => shape[p] ?? 1);
  const outStrides = perm.map((p) => strides[p] ?? 0);
  const out = new Float32Array(data.length);
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = data[src] ?? 0;
    for (let axis = rank - 1; axis >= 0; axis--) {
      counter[axis] = (counter[axis] ?? 0) + 1;
      src += outStrides[axis] ?? 0;
      if ((counter[axis] ?? 0) < (outShape[axis] ?? 1)) break;
      src -= (outStrides[axis] ?? 0) * (outShape[axis] ?? 1);
      counter[axis] = 0;
    }
  }
  return out;
}

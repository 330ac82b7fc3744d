import * as tf from '@tensorflow/tfjs';

export type Interpolation = 'nearest' | 'bilinear';

/**
 * The [inLen, outLen] matrix M with out = in·M along one axis, using tfjs' resize convention
 * (alignCorners = false, halfPixelCenters = false): source coordinate s = j·inLen/outLen;
 * nearest takes min(⌊s⌋, inLen−1); linear blends ⌊s⌋ and min(⌊s⌋+1, inLen−1) by s − ⌊s⌋.
 */
export function resampleMatrix(inLen: number, outLen: number, mode: Interpolation): Float32Array {
  const m = new Float32Array(inLen * outLen);
  const scale = inLen / outLen;
  for (let j = 0; j < outLen; j++) {
    const s = j * scale;
    const i0 = Math.min(Math.floor(s), inLen - 1);
    if (mode === 'nearest') {
      m[i0 * outLen + j] = 1;
    } else {
      const i1 = Math.min(i0 + 1, inLen - 1);
      const f = s - i0;
      m[i0 * outLen + j] = (m[i0 * outLen + j] ?? 0) + (1 - f);
      m[i1 * outLen + j] = (m[i1 * outLen + j] ?? 0) + f;
    }
  }
  return m;
}

/**
 * Resizes `x` along one axis to `outLen` as a matrix product (transpose the axis last, matMul,
 * transpose back). Built only from Transpose/Reshape/MatMul, so it has exact gradients on every
 * backend — unlike cpu's ResizeBilinearGrad (throws when H ≠ W) and ResizeNearestNeighborGrad
 * (wrong for batch > 1) — and works for any rank, which 3D up-sampling needs.
 */
export function resampleAxis(x: tf.Tensor, axis: number, outLen: number, mode: Interpolation): tf.Tensor {
  const inLen = x.shape[axis] ?? 0;
  if (inLen === outLen) return x;
  return tf.tidy(() => {
    const rank = x.rank;
    const perm = [...Array(rank).keys()].filter((i) => i !== axis).concat(axis);
    const moved = tf.transpose(x, perm);
    const flat = tf.reshape(moved, [-1, inLen]);
    const m = tf.tensor2d(resampleMatrix(inLen, outLen, mode), [inLen, outLen]);
    const resized = tf.reshape(tf.matMul(flat, m), [...moved.shape.slice(0, -1), outLen]);
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return tf.transpose(resized, inverse);
  });
}

/** Resizes every spatial axis (1 … rank−2) of a channels-last tensor to `sizes`. */
export function resampleSpatial(x: tf.Tensor, sizes: readonly number[], mode: Interpolation): tf.Tensor {
  return tf.tidy(() => sizes.reduce((t, size, i) => resampleAxis(t, i + 1, size, mode), x));
}

/**
 * Up-samples `x` along one axis by an integer factor in O(size): output j = i·f + p blends
 * x[i] and x[min(i+1, n−1)] by p/f (linear; the same values as `resampleMatrix`), or repeats
 * x[i] (nearest). The f phases are stacked after the axis and merged into it, so every step
 * (Slice, Concat, Pack, Reshape, Mul, Add) has a gradient on every backend.
 */
export function upsampleAxis(x: tf.Tensor, axis: number, factor: number, mode: Interpolation): tf.Tensor {
  if (factor === 1) return x;
  return tf.tidy(() => {
    const n = x.shape[axis] ?? 1;
    const outShape = x.shape.map((d, i) => (i === axis ? d * factor : d));
    if (mode === 'nearest') {
      const phases = Array.from({ length: factor }, () => x);
      return tf.reshape(tf.stack(phases, axis + 1), outShape);
    }
    const begin = x.shape.map((_, i) => (i === axis ? Math.min(1, n - 1) : 0));
    const size = x.shape.map((d, i) => (i === axis ? n - 1 : d));
    const last = x.shape.map((_, i) => (i === axis ? n - 1 : 0));
    const lastSize = x.shape.map((d, i) => (i === axis ? 1 : d));
    const next = n > 1 ? tf.concat([tf.slice(x, begin, size), tf.slice(x, last, lastSize)], axis) : x;
    const phases = Array.from({ length: factor }, (_, p) =>
      tf.add(tf.mul(x, 1 - p / factor), tf.mul(next, p / factor)),
    );
    return tf.reshape(tf.stack(phases, axis + 1), outShape);
  });
}

/**
 * Exact Euclidean distance transform in linear time (Felzenszwalb & Huttenlocher 2012, "Distance
 * Transforms of Sampled Functions"): the squared EDT is separable, so a 1D lower-envelope-of-
 * parabolas pass along each axis in turn gives the exact n-D result in O(pixels · dims).
 */

/** 1D squared distance transform of f (0 at features, ∞ elsewhere), written into d. */
function transform1d(f: Float32Array, n: number, d: Float32Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  let first = 0;
  while (first < n && f[first] === Infinity) first++;
  if (first === n) {
    for (let q = 0; q < n; q++) d[q] = Infinity;
    return;
  }
  v[0] = first;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = first + 1; q < n; q++) {
    const fq = f[q]!;
    if (fq === Infinity) continue; // an infinite parabola never enters the envelope
    // z[0] = −∞, so the envelope search always stops at k ≥ 0.
    let p = v[k]!;
    let s = (fq + q * q - (f[p]! + p * p)) / (2 * (q - p));
    while (s <= z[k]!) {
      k--;
      p = v[k]!;
      s = (fq + q * q - (f[p]! + p * p)) / (2 * (q - p));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

/**
 * First pass, along axis 0: the input is binary (0 at features, ∞ elsewhere), so the 1D distance
 * is the gap to the nearest feature in the same column — a forward and a backward scan. Done
 * slab by slab (each slab = all of axes 1..n at one index of axis 0), so every inner loop runs
 * over contiguous memory; the parabola passes then run along the contiguous last axis first.
 */
function binaryFirstAxis(
  features: Uint8Array,
  n0: number,
  slab: number,
  sp2: number,
  out: Float32Array,
): void {
  const gap = new Float64Array(slab).fill(Infinity);
  for (let y = 0; y < n0; y++) {
    const base = y * slab;
    for (let k = 0; k < slab; k++) {
      const g = features[base + k] !== 0 ? 0 : gap[k]! + 1;
      gap[k] = g;
      out[base + k] = g;
    }
  }
  gap.fill(Infinity);
  for (let y = n0 - 1; y >= 0; y--) {
    const base = y * slab;
    for (let k = 0; k < slab; k++) {
      const g = features[base + k] !== 0 ? 0 : gap[k]! + 1;
      gap[k] = g;
      const best = g < out[base + k]! ? g : out[base + k]!;
      out[base + k] = best * best * sp2;
    }
  }
}

/**
 * Squared Euclidean distance from every pixel to the nearest feature pixel (`features[i] !== 0`),
 * for a row-major array of any rank (2D, 3D). Pixels with no feature anywhere get Infinity.
 * `spacing` (per axis, default 1) supports anisotropic voxels.
 */
export function squaredEdt(
  features: Uint8Array,
  shape: readonly number[],
  spacing?: readonly number[],
  into?: Float32Array,
): Float32Array {
  const total = shape.reduce((a, b) => a * b, 1);
  // `into` lets callers that run many small transforms (one per cell) reuse one buffer.
  const out = into !== undefined && into.length >= total ? into.subarray(0, total) : new Float32Array(total);
  if (total === 0) return out;
  const n0 = shape[0]!;
  const sp0 = spacing?.[0] ?? 1;
  binaryFirstAxis(features, n0, total / n0, sp0 * sp0, out);
  const maxLen = Math.max(...shape);
  const f = new Float32Array(maxLen);
  const d = new Float32Array(maxLen);
  const v = new Int32Array(maxLen);
  const z = new Float64Array(maxLen + 1);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 1; axis--) {
    const n = shape[axis]!;
    const sp = spacing?.[axis] ?? 1;
    const sp2 = sp * sp;
    const block = stride * n;
    for (let outer = 0; outer < total; outer += block) {
      for (let inner = 0; inner < stride; inner++) {
        const base = outer + inner;
        if (stride === 1 && sp2 === 1) {
          // Contiguous, unit spacing (the common case): transform the row in place of a copy.
          transform1d(out.subarray(base, base + n), n, d, v, z);
          out.set(d.subarray(0, n), base);
          continue;
        }
        // Scale to unit spacing: d = sp²·((q−p)² + f/sp²).
        for (let q = 0; q < n; q++) f[q] = out[base + q * stride]! / sp2;
        transform1d(f, n, d, v, z);
        for (let q = 0; q < n; q++) out[base + q * stride] = d[q]! * sp2;
      }
    }
    stride = block;
  }
  return out;
}

/** Euclidean distance (not squared) to the nearest feature pixel. */
export function edt(
  features: Uint8Array,
  shape: readonly number[],
  spacing?: readonly number[],
): Float32Array {
  const sq = squaredEdt(features, shape, spacing);
  for (let i = 0; i < sq.length; i++) sq[i] = Math.sqrt(sq[i]!);
  return sq;
}

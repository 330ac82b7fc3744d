import type { Rng } from '../rng.js';

/**
 * The paper's elastic deformation: "random displacement vectors on a coarse 3 by 3 grid … sampled
 * from a Gaussian distribution with 10 pixels standard deviation. Per-pixel displacements are then
 * computed using bicubic interpolation."
 *
 * Which cubic: Catmull-Rom (the interpolating Keys cubic, a = −0.5), tensor-product over the axes,
 * with the control points mirrored beyond the first/last one (p[−1] = p[1], p[g] = p[g−2], scipy's
 * 'mirror'). The g control points per axis sit at 0, (N−1)/(g−1), …, N−1, so the grid spans the
 * tile corner to corner. Being interpolating, the field equals the drawn vector at every control
 * point (per-pixel std = σ there); halfway between two points the 1D weights on the three points
 * are (9/16, 8/16, −1/16), so the std is σ·√146/16 ≈ 0.755σ per axis and 0.570σ ≈ 5.7 px at the
 * centre of a 2D cell — the statistics measured for the paper's setting (paper-fidelity §5.2).
 * An approximating B-spline (caffe_unet) would shrink every pixel's std to ≈ 0.7σ instead.
 */
export interface ElasticControl {
  /** Control points per spatial axis, e.g. [3, 3]. */
  readonly grid: readonly number[];
  /** One array per displacement component (axis order), each prod(grid) values, row-major. */
  readonly vectors: readonly Float64Array[];
}

/** Draw the control-point displacements: every component of every point N(0, σ²). */
export function drawElasticControl(rng: Rng, grid: readonly number[], sigma: number): ElasticControl {
  const count = grid.reduce((a, b) => a * b, 1);
  const vectors = grid.map(() => {
    const v = new Float64Array(count);
    for (let i = 0; i < count; i++) v[i] = rng.gaussian(0, sigma);
    return v;
  });
  return { grid: [...grid], vectors };
}

function mirrorIndex(i: number, g: number): number {
  if (g === 1) return 0;
  const period = 2 * (g - 1);
  let m = ((i % period) + period) % period;
  if (m >= g) m = period - m;
  return m;
}

/**
 * Dense [n × g] weight matrix: row x holds the Catmull-Rom weights of output coordinate x on the
 * g control points (mirror-extended taps folded back onto real points).
 */
export function catmullRomWeights(n: number, g: number): Float64Array {
  const w = new Float64Array(n * g);
  for (let x = 0; x < n; x++) {
    if (g === 1) {
      w[x] = 1;
      continue;
    }
    const u = n === 1 ? 0 : (x * (g - 1)) / (n - 1);
    const i = Math.min(Math.floor(u), g - 2);
    const t = u - i;
    const t2 = t * t;
    const t3 = t2 * t;
    const taps = [
      (-t3 + 2 * t2 - t) / 2,
      (3 * t3 - 5 * t2 + 2) / 2,
      (-3 * t3 + 4 * t2 + t) / 2,
      (t3 - t2) / 2,
    ];
    for (let k = 0; k < 4; k++) w[x * g + mirrorIndex(i - 1 + k, g)] += taps[k]!;
  }
  return w;
}

/**
 * Per-pixel displacement for an output grid of `shape` (spatial only): one Float32Array per
 * component, row-major over `shape`. Separable: the grid is interpolated along the last axis
 * only after contracting the leading ones, so the cost is O(pixels · g) with g control points.
 */
export function denseDisplacement(control: ElasticControl, shape: readonly number[]): Float32Array[] {
  const dims = shape.length;
  if (control.grid.length !== dims)
    throw new Error(`elastic grid has ${control.grid.length} axes, image ${dims}`);
  const weights = shape.map((n, a) => catmullRomWeights(n, control.grid[a]!));
  return control.vectors.map((vec) =>
    dims === 2 ? dense2d(vec, shape, control.grid, weights) : dense3d(vec, shape, control.grid, weights),
  );
}

function dense2d(
  p: Float64Array,
  shape: readonly number[],
  grid: readonly number[],
  w: Float64Array[],
): Float32Array {
  const [h, wd] = shape as [number, number];
  const [gy, gx] = grid as [number, number];
  const [wy, wx] = w as [Float64Array, Float64Array];
  const out = new Float32Array(h * wd);
  const row = new Float64Array(gx);
  for (let y = 0; y < h; y++) {
    row.fill(0);
    for (let i = 0; i < gy; i++) {
      const c = wy[y * gy + i]!;
      if (c !== 0) for (let j = 0; j < gx; j++) row[j] += c * p[i * gx + j]!;
    }
    for (let x = 0; x < wd; x++) {
      let s = 0;
      for (let j = 0; j < gx; j++) s += row[j]! * wx[x * gx + j]!;
      out[y * wd + x] = s;
    }
  }
  return out;
}

function dense3d(
  p: Float64Array,
  shape: readonly number[],
  grid: readonly number[],
  w: Float64Array[],
): Float32Array {
  const [d, h, wd] = shape as [number, number, number];
  const [gz, gy, gx] = grid as [number, number, number];
  const plane = new Float64Array(gy * gx);
  const out = new Float32Array(d * h * wd);
  for (let z = 0; z < d; z++) {
    plane.fill(0);
    for (let k = 0; k < gz; k++) {
      const c = w[0]![z * gz + k]!;
      if (c !== 0) for (let q = 0; q < gy * gx; q++) plane[q] += c * p[k * gy * gx + q]!;
    }
    const slice = dense2d(plane, [h, wd], [gy, gx], [w[1]!, w[2]!]);
    out.set(slice, z * h * wd);
  }
  return out;
}

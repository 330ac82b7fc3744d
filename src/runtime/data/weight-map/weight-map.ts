import { makeImage, spatialShape, type Image } from '../image.js';
import { connectedComponents, type Connectivity } from '../connected-components.js';
import { squaredEdt } from './edt.js';
import { twoNearestCells2d } from './two-nearest-2d.js';

export interface WeightMapParams {
  /** Border weight (paper: 10). */
  readonly w0: number;
  /** Border width σ in pixels (paper: 5). */
  readonly sigma: number;
  /** Add w_c, the class-frequency balancing term; otherwise w_c = 1. */
  readonly classBalance: boolean;
  /** Class indices whose connected components are the "cells". */
  readonly foreground: readonly number[];
  /** Default 'face' (4/6-neighbours): cells split by a diagonal-only membrane stay apart. */
  readonly connectivity?: Connectivity;
  /** Absolute error allowed in the border term (default 1e-6); sets the search radius below. */
  readonly tolerance?: number;
  /** 2D: 'separable' (default, two-nearest-cell scans) or 'boxes' (one EDT per cell, as in 3D). */
  readonly method?: 'separable' | 'boxes';
}

/**
 * The paper's weight map (Eq. 2): w(x) = w_c(x) + w0 · exp(−(d1(x) + d2(x))² / (2σ²)).
 *
 * Choices the paper leaves open, documented here:
 * - Labels are class indices; pixels < 0 are "ignore" and get weight 0 (they count for nothing).
 * - w_c(x) = N / (K · n_c(x)): N labelled pixels, K classes present, n_c pixels of x's class. Every
 *   class then carries the same total weight and the mean of w_c over the image is 1.
 * - Cells = connected components of the foreground classes. d1, d2 = Euclidean distances from x
 *   to the nearest pixel of the nearest and second-nearest cell. The border term is added on
 *   non-cell pixels only (inside a cell d1 = 0 would make it meaningless), and needs two cells.
 * - Speed without loss of exactness: the term is < tolerance once d1 + d2 > R = σ·√(2·ln(w0/tol)),
 *   and d2 ≥ d1, so a cell only matters within R of itself; distances beyond R count as ∞.
 *   2D: separable two-nearest-distinct-cell scans (two-nearest-2d.ts), ~ a few image passes.
 *   3D (and 2D 'boxes'): each cell's EDT on its bounding box grown by R (clipped to the image),
 *   exact inside that box, instead of one full-image EDT per cell: cost ∝ Σ (cell box + R)^dims.
 *   Both give identical values (tested against each other and against SciPy).
 */
export function computeWeightMap(label: Image, params: WeightMapParams): Image {
  const shape = spatialShape(label);
  const n = label.data.length / (label.shape[label.shape.length - 1] ?? 1);
  const labels = label.data;
  const result = makeImage([...shape, 1]);
  const w = result.data;
  classBalanceTerm(labels, n, params.classBalance, w);
  const isFg = new Uint8Array(256);
  for (const c of params.foreground) if (c >= 0 && c < 256) isFg[c] = 1;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = labels[i]! >= 0 ? isFg[labels[i]!]! : 0;
  const { labels: comp, count } = connectedComponents(mask, shape, params.connectivity ?? 'face');
  if (count < 2 || params.w0 === 0) return result;
  const tol = params.tolerance ?? 1e-6;
  const radius = params.sigma * Math.sqrt(2 * Math.log(Math.max(params.w0 / tol, 1)));
  // `open` = labelled, non-cell pixels: the only ones that get a border term.
  const open = new Uint8Array(n);
  for (let i = 0; i < n; i++) open[i] = comp[i] === 0 && labels[i]! >= 0 ? 1 : 0;
  const r = Math.ceil(radius);
  const { q1, q2 } =
    shape.length === 2 && params.method !== 'boxes'
      ? twoNearestCells2d(comp, shape[0]!, shape[1]!, r, open)
      : nearestTwoCells(comp, count, shape, r, open);
  const inv = 1 / (2 * params.sigma * params.sigma);
  for (let i = 0; i < n; i++) {
    if (open[i] === 0 || q2[i] === Infinity) continue;
    const s = Math.sqrt(q1[i]!) + Math.sqrt(q2[i]!);
    w[i] = w[i]! + params.w0 * Math.exp(-s * s * inv);
  }
  return result;
}

function classBalanceTerm(labels: Float32Array, n: number, balance: boolean, w: Float32Array): void {
  // Class indices are small non-negative integers (−1 = ignore): count into a dense table.
  let maxClass = 0;
  for (let i = 0; i < n; i++) if (labels[i]! > maxClass) maxClass = labels[i]!;
  const counts = new Float64Array(maxClass + 1);
  let labelled = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    counts[c]++;
    labelled++;
  }
  const present = counts.filter((c) => c > 0).length;
  const weightOf = Float32Array.from(counts, (nc) => (balance && nc > 0 ? labelled / (present * nc) : 1));
  for (let i = 0; i < n; i++) w[i] = labels[i]! < 0 ? 0 : weightOf[labels[i]!]!;
}

/** Per pixel: squared distance to the nearest and second-nearest cell within `radius` (else ∞). */
function nearestTwoCells(
  comp: Int32Array,
  count: number,
  shape: readonly number[],
  radius: number,
  open: Uint8Array,
) {
  const dims = shape.length;
  const n = comp.length;
  const lo = new Int32Array(count * dims).fill(2 ** 30);
  const hi = new Int32Array(count * dims).fill(-1);
  forEachRow(shape, new Array<number>(dims).fill(0), shape, (outer, base, len) => {
    for (let x = 0; x < len; x++) {
      const c = comp[base + x]!;
      if (c === 0) continue;
      const k = (c - 1) * dims;
      for (let a = 0; a < dims - 1; a++) {
        if (outer[a]! < lo[k + a]!) lo[k + a] = outer[a]!;
        if (outer[a]! > hi[k + a]!) hi[k + a] = outer[a]!;
      }
      if (x < lo[k + dims - 1]!) lo[k + dims - 1] = x;
      if (x > hi[k + dims - 1]!) hi[k + dims - 1] = x;
    }
  });
  // Squared distances (exact integers for unit spacing); square roots only at the end.
  const q1 = new Float32Array(n).fill(Infinity);
  const q2 = new Float32Array(n).fill(Infinity);
  const r2 = radius * radius;
  let scratch = new Float32Array(0);
  let features = new Uint8Array(0);
  for (let c = 1; c <= count; c++) {
    const from = shape.map((_, a) => Math.max(0, lo[(c - 1) * dims + a]! - radius));
    const to = shape.map((s, a) => Math.min(s - 1, hi[(c - 1) * dims + a]! + radius));
    const box = from.map((f, a) => to[a]! - f + 1);
    const boxN = box.reduce((x, y) => x * y, 1);
    if (features.length < boxN) {
      features = new Uint8Array(boxN);
      scratch = new Float32Array(boxN);
    }
    // Plain loops over precomputed row starts: closures over mutated locals are far slower here.
    const len = box[dims - 1]!;
    const rows = rowStarts(shape, from, box);
    for (let r = 0, b = 0; r < rows.length; r++) {
      const base = rows[r]!;
      for (let x = 0; x < len; x++, b++) features[b] = comp[base + x] === c ? 1 : 0;
    }
    const sq = squaredEdt(features, box, undefined, scratch);
    for (let r = 0, b = 0; r < rows.length; r++) {
      const base = rows[r]!;
      for (let x = 0; x < len; x++, b++) {
        const s2 = sq[b]!;
        const i = base + x;
        // Beyond the radius a cell cannot contribute more than the tolerance (see above).
        if (s2 > r2 || open[i] === 0) continue;
        if (s2 < q1[i]!) {
          q2[i] = q1[i]!;
          q1[i] = s2;
        } else if (s2 < q2[i]!) q2[i] = s2;
      }
    }
  }
  return { q1, q2 };
}

/** Flat index of the first pixel of every row (last axis) of the box `from`..`from+box`. */
function rowStarts(shape: readonly number[], from: readonly number[], box: readonly number[]): Int32Array {
  const starts = new Int32Array(box.slice(0, -1).reduce((x, y) => x * y, 1));
  let r = 0;
  forEachRow(shape, from, box, (_, base) => {
    starts[r++] = base;
  });
  return starts;
}

/**
 * Visit the box `from`..`from+box` of a row-major array of `shape` one contiguous row (last
 * axis) at a time: `fn(outerCoords, flatIndexOfRowStart, rowLength)`. Keeps the per-pixel work
 * of the hot loops free of index arithmetic.
 */
function forEachRow(
  shape: readonly number[],
  from: readonly number[],
  box: readonly number[],
  fn: (outer: readonly number[], base: number, len: number) => void,
): void {
  const dims = shape.length;
  const len = box[dims - 1]!;
  const rows = box.slice(0, -1).reduce((x, y) => x * y, 1);
  const pos = new Array<number>(dims - 1).fill(0);
  const outer = new Array<number>(dims - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let base = 0;
    for (let a = 0; a < dims - 1; a++) {
      outer[a] = from[a]! + pos[a]!;
      base = (base + outer[a]!) * shape[a + 1]!;
    }
    fn(outer, base + from[dims - 1]!, len);
    for (let a = dims - 2; a >= 0; a--) {
      if (++pos[a]! < box[a]!) break;
      pos[a] = 0;
    }
  }
}

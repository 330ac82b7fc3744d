import { denseDisplacement, type ElasticControl } from './elastic-field.js';

/**
 * One spatial transform = affine part (flips, 90° and arbitrary rotations, scaling, shift, the
 * tile's position) + elastic field, evaluated into ONE coordinate map so the image is resampled
 * once (a chain of resamplings would blur it once per step):
 *
 *   source(p) = sourceCenter + M · (p − outCenter) + d(p),   outCenter = (outShape − 1) / 2
 *
 * p is an output pixel, M maps output offsets to source offsets (dims×dims, row-major), d is the
 * elastic displacement evaluated on the output grid. Rotations act in the plane of the last two
 * axes (H, W); for 3D volumes that keeps the (often anisotropic) depth axis upright.
 */
export interface SpatialTransform {
  readonly matrix: Float64Array;
  readonly sourceCenter: readonly number[];
  readonly elastic: ElasticControl | null;
}

export function identityMatrix(dims: number): Float64Array {
  const m = new Float64Array(dims * dims);
  for (let i = 0; i < dims; i++) m[i * dims + i] = 1;
  return m;
}

/** a·b for dims×dims row-major matrices. */
export function multiply(a: Float64Array, b: Float64Array, dims: number): Float64Array {
  const out = new Float64Array(dims * dims);
  for (let i = 0; i < dims; i++)
    for (let j = 0; j < dims; j++) {
      let s = 0;
      for (let k = 0; k < dims; k++) s += a[i * dims + k]! * b[k * dims + j]!;
      out[i * dims + j] = s;
    }
  return out;
}

export function flipMatrix(dims: number, axis: number): Float64Array {
  const m = identityMatrix(dims);
  m[axis * dims + axis] = -1;
  return m;
}

/** Rotation by `radians` in the plane of the last two axes. */
export function rotationMatrix(dims: number, radians: number): Float64Array {
  const m = identityMatrix(dims);
  const a = dims - 2;
  const b = dims - 1;
  // Exact zeros/ones for multiples of 90° so rot90 stays an exact pixel permutation.
  const q = radians / (Math.PI / 2);
  const exact = Math.abs(q - Math.round(q)) < 1e-12;
  const k = ((Math.round(q) % 4) + 4) % 4;
  const cos = exact ? [1, 0, -1, 0][k]! : Math.cos(radians);
  const sin = exact ? [0, 1, 0, -1][k]! : Math.sin(radians);
  m[a * dims + a] = cos;
  m[a * dims + b] = -sin;
  m[b * dims + a] = sin;
  m[b * dims + b] = cos;
  return m;
}

/** Zoom by `factor` (> 1 enlarges the content): source offsets shrink by 1/factor. */
export function scaleMatrix(dims: number, factor: number): Float64Array {
  const m = identityMatrix(dims);
  for (let i = 0; i < dims; i++) m[i * dims + i] = 1 / factor;
  return m;
}

/** The transform that copies the window of `outShape` centred at `sourceCenter`. */
export function translation(sourceCenter: readonly number[]): SpatialTransform {
  return { matrix: identityMatrix(sourceCenter.length), sourceCenter: [...sourceCenter], elastic: null };
}

/**
 * Evaluate the transform on every pixel of an output grid of `outShape` (spatial): one
 * Float32Array of source coordinates per axis, row-major over `outShape`.
 */
export function coordinateMap(t: SpatialTransform, outShape: readonly number[]): Float32Array[] {
  const dims = outShape.length;
  const n = outShape.reduce((a, b) => a * b, 1);
  const disp = t.elastic === null ? null : denseDisplacement(t.elastic, outShape);
  const coords = outShape.map(() => new Float32Array(n));
  const m = t.matrix;
  const centre = outShape.map((s) => (s - 1) / 2);
  if (dims === 2) {
    map2d(m, t.sourceCenter, centre, outShape, disp, coords);
    return coords;
  }
  const pos = new Array<number>(dims).fill(0);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dims; a++) {
      let s = t.sourceCenter[a]!;
      for (let b = 0; b < dims; b++) s += m[a * dims + b]! * (pos[b]! - centre[b]!);
      if (disp !== null) s += disp[a]![i]!;
      coords[a]![i] = s;
    }
    for (let a = dims - 1; a >= 0; a--) {
      if (++pos[a]! < outShape[a]!) break;
      pos[a] = 0;
    }
  }
  return coords;
}

/** 2D fast path of coordinateMap (every training tile goes through it): affine terms per row. */
function map2d(
  m: Float64Array,
  src: readonly number[],
  centre: readonly number[],
  shape: readonly number[],
  disp: Float32Array[] | null,
  coords: Float32Array[],
): void {
  const [h, w] = shape as [number, number];
  const [cy, cx] = coords as [Float32Array, Float32Array];
  const [m00, m01, m10, m11] = [m[0]!, m[1]!, m[2]!, m[3]!];
  for (let y = 0; y < h; y++) {
    const oy = y - centre[0]!;
    let sy = src[0]! + m00 * oy - m01 * centre[1]!;
    let sx = src[1]! + m10 * oy - m11 * centre[1]!;
    const row = y * w;
    for (let x = 0; x < w; x++, sy += m01, sx += m11) {
      cy[row + x] = sy;
      cx[row + x] = sx;
    }
    if (disp !== null) {
      const [dy, dx] = disp as [Float32Array, Float32Array];
      for (let i = row; i < row + w; i++) {
        cy[i] = cy[i]! + dy[i]!;
        cx[i] = cx[i]! + dx[i]!;
      }
    }
  }
}

/** The sub-block `offset`..`offset+shape` of a coordinate map over `mapShape` (e.g. the label crop). */
export function cropCoordinates(
  coords: readonly Float32Array[],
  mapShape: readonly number[],
  offset: readonly number[],
  shape: readonly number[],
): Float32Array[] {
  const dims = mapShape.length;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = coords.map(() => new Float32Array(n));
  const rowLen = shape[dims - 1]!;
  const rows = n / rowLen;
  const pos = new Array<number>(dims - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let src = 0;
    for (let a = 0; a < dims - 1; a++) src = (src + pos[a]! + offset[a]!) * mapShape[a + 1]!;
    src += offset[dims - 1]!;
    for (let c = 0; c < coords.length; c++) out[c]!.set(coords[c]!.subarray(src, src + rowLen), r * rowLen);
    for (let a = dims - 2; a >= 0; a--) {
      if (++pos[a]! < shape[a]!) break;
      pos[a] = 0;
    }
  }
  return out;
}

import type { BorderMode } from '../../../compiler/spec/pipeline-spec.js';
import { channelsOf, makeImage, spatialShape, type Image } from '../image.js';
import { borderIndex } from './border.js';

/**
 * 'cubic' = Keys/Catmull-Rom (a = −0.5; interpolating, exact at integer coordinates) for images,
 * 'linear' for weight maps and probabilities, 'nearest' for masks (returns only values present
 * in the source, so no label is invented).
 */
export type Interpolation = 'cubic' | 'linear' | 'nearest';

/**
 * Sample `src` at per-pixel source coordinates (one Float32Array per spatial axis, as from
 * `coordinateMap`) into an image of spatial shape `outShape`. Out-of-image taps follow `border`.
 *
 * The loops are hand-written per dimensionality and interpolation: this runs on every training
 * tile (572² × several maps) in the data workers, and a generic n-D kernel with closures or
 * per-tap border calls is several times slower. Interior pixels skip the border mapping.
 */
export function resample(
  src: Image,
  coords: readonly Float32Array[],
  outShape: readonly number[],
  interpolation: Interpolation,
  border: BorderMode = 'mirror',
): Image {
  const dims = outShape.length;
  if (spatialShape(src).length !== dims || coords.length !== dims) {
    throw new Error(
      `resample: image is ${src.shape.length - 1}D, coordinates ${coords.length}D, output ${dims}D`,
    );
  }
  const out = makeImage([...outShape, channelsOf(src)]);
  if (dims === 2) {
    if (interpolation === 'nearest') nearest2d(src, coords, out, border);
    else if (interpolation === 'linear') linear2d(src, coords, out, border);
    else cubic2d(src, coords, out, border);
  } else if (interpolation === 'nearest') nearest3d(src, coords, out, border);
  else sample3d(src, coords, out, border, interpolation);
  return out;
}

/** Keys cubic (a = −0.5) weights for fractional offset t ∈ [0, 1) on taps −1, 0, 1, 2. */
function cubicWeights(t: number, w: Float64Array, o: number): void {
  const t2 = t * t;
  const t3 = t2 * t;
  w[o] = (-t3 + 2 * t2 - t) * 0.5;
  w[o + 1] = (3 * t3 - 5 * t2 + 2) * 0.5;
  w[o + 2] = (-3 * t3 + 4 * t2 + t) * 0.5;
  w[o + 3] = (t3 - t2) * 0.5;
}

function nearest2d(src: Image, coords: readonly Float32Array[], out: Image, border: BorderMode): void {
  const [h, w, c] = src.shape as [number, number, number];
  const [cy, cx] = coords as [Float32Array, Float32Array];
  const s = src.data;
  const o = out.data;
  const n = cy.length;
  for (let i = 0; i < n; i++) {
    let y = Math.floor(cy[i]! + 0.5);
    let x = Math.floor(cx[i]! + 0.5);
    if (y < 0 || y >= h) y = borderIndex(y, h, border);
    if (x < 0 || x >= w) x = borderIndex(x, w, border);
    if (y < 0 || x < 0) continue; // 'zero' border: output stays 0
    const base = (y * w + x) * c;
    for (let k = 0; k < c; k++) o[i * c + k] = s[base + k]!;
  }
}

function linear2d(src: Image, coords: readonly Float32Array[], out: Image, border: BorderMode): void {
  const [h, w, c] = src.shape as [number, number, number];
  const [cy, cx] = coords as [Float32Array, Float32Array];
  const s = src.data;
  const o = out.data;
  const n = cy.length;
  for (let i = 0; i < n; i++) {
    const fy = cy[i]!;
    const fx = cx[i]!;
    const y0 = Math.floor(fy);
    const x0 = Math.floor(fx);
    const ty = fy - y0;
    const tx = fx - x0;
    let ya = y0;
    let yb = y0 + 1;
    let xa = x0;
    let xb = x0 + 1;
    if (y0 < 0 || yb >= h) {
      ya = borderIndex(ya, h, border);
      yb = borderIndex(yb, h, border);
    }
    if (x0 < 0 || xb >= w) {
      xa = borderIndex(xa, w, border);
      xb = borderIndex(xb, w, border);
    }
    const w00 = (1 - ty) * (1 - tx);
    const w01 = (1 - ty) * tx;
    const w10 = ty * (1 - tx);
    const w11 = ty * tx;
    for (let k = 0; k < c; k++) {
      const v00 = ya < 0 || xa < 0 ? 0 : s[(ya * w + xa) * c + k]!;
      const v01 = ya < 0 || xb < 0 ? 0 : s[(ya * w + xb) * c + k]!;
      const v10 = yb < 0 || xa < 0 ? 0 : s[(yb * w + xa) * c + k]!;
      const v11 = yb < 0 || xb < 0 ? 0 : s[(yb * w + xb) * c + k]!;
      o[i * c + k] = w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11;
    }
  }
}

function cubic2d(src: Image, coords: readonly Float32Array[], out: Image, border: BorderMode): void {
  const [h, w, c] = src.shape as [number, number, number];
  const [cy, cx] = coords as [Float32Array, Float32Array];
  const s = src.data;
  const o = out.data;
  const n = cy.length;
  const wy = new Float64Array(4);
  const wx = new Float64Array(4);
  const rows = new Int32Array(4);
  const cols = new Int32Array(4);
  for (let i = 0; i < n; i++) {
    const fy = cy[i]!;
    const fx = cx[i]!;
    const y0 = Math.floor(fy);
    const x0 = Math.floor(fx);
    cubicWeights(fy - y0, wy, 0);
    cubicWeights(fx - x0, wx, 0);
    if (c === 1 && y0 >= 1 && y0 + 2 < h && x0 >= 1 && x0 + 2 < w) {
      // Interior, single channel: the common case, fully unrolled.
      let p = (y0 - 1) * w + x0 - 1;
      let acc = 0;
      for (let r = 0; r < 4; r++, p += w) {
        acc += wy[r]! * (wx[0]! * s[p]! + wx[1]! * s[p + 1]! + wx[2]! * s[p + 2]! + wx[3]! * s[p + 3]!);
      }
      o[i] = acc;
      continue;
    }
    for (let k = 0; k < 4; k++) {
      rows[k] = borderIndex(y0 - 1 + k, h, border);
      cols[k] = borderIndex(x0 - 1 + k, w, border);
    }
    for (let ch = 0; ch < c; ch++) {
      let acc = 0;
      for (let r = 0; r < 4; r++) {
        const yr = rows[r]!;
        if (yr < 0) continue;
        let line = 0;
        for (let q = 0; q < 4; q++) {
          const xq = cols[q]!;
          if (xq >= 0) line += wx[q]! * s[(yr * w + xq) * c + ch]!;
        }
        acc += wy[r]! * line;
      }
      o[i * c + ch] = acc;
    }
  }
}

function nearest3d(src: Image, coords: readonly Float32Array[], out: Image, border: BorderMode): void {
  const [d, h, w, c] = src.shape as [number, number, number, number];
  const [cz, cy, cx] = coords as [Float32Array, Float32Array, Float32Array];
  const s = src.data;
  const o = out.data;
  for (let i = 0; i < cz.length; i++) {
    const z = borderIndex(Math.floor(cz[i]! + 0.5), d, border);
    const y = borderIndex(Math.floor(cy[i]! + 0.5), h, border);
    const x = borderIndex(Math.floor(cx[i]! + 0.5), w, border);
    if (z < 0 || y < 0 || x < 0) continue;
    const base = ((z * h + y) * w + x) * c;
    for (let k = 0; k < c; k++) o[i * c + k] = s[base + k]!;
  }
}

/** Trilinear (2 taps per axis) or tricubic (4 taps per axis) sampling with border mapping. */
function sample3d(
  src: Image,
  coords: readonly Float32Array[],
  out: Image,
  border: BorderMode,
  interp: Interpolation,
): void {
  const [d, h, w, c] = src.shape as [number, number, number, number];
  const [cz, cy, cx] = coords as [Float32Array, Float32Array, Float32Array];
  const s = src.data;
  const o = out.data;
  const taps = interp === 'cubic' ? 4 : 2;
  const lo = interp === 'cubic' ? 1 : 0;
  const wz = new Float64Array(4);
  const wy = new Float64Array(4);
  const wx = new Float64Array(4);
  const iz = new Int32Array(4);
  const iy = new Int32Array(4);
  const ix = new Int32Array(4);
  const weights = (t: number, wt: Float64Array): void => {
    if (taps === 4) cubicWeights(t, wt, 0);
    else {
      wt[0] = 1 - t;
      wt[1] = t;
    }
  };
  for (let i = 0; i < cz.length; i++) {
    const z0 = Math.floor(cz[i]!);
    const y0 = Math.floor(cy[i]!);
    const x0 = Math.floor(cx[i]!);
    weights(cz[i]! - z0, wz);
    weights(cy[i]! - y0, wy);
    weights(cx[i]! - x0, wx);
    for (let k = 0; k < taps; k++) {
      iz[k] = borderIndex(z0 - lo + k, d, border);
      iy[k] = borderIndex(y0 - lo + k, h, border);
      ix[k] = borderIndex(x0 - lo + k, w, border);
    }
    for (let ch = 0; ch < c; ch++) {
      let acc = 0;
      for (let a = 0; a < taps; a++) {
        if (iz[a]! < 0) continue;
        for (let b = 0; b < taps; b++) {
          if (iy[b]! < 0) continue;
          const rowBase = (iz[a]! * h + iy[b]!) * w;
          let line = 0;
          for (let q = 0; q < taps; q++) if (ix[q]! >= 0) line += wx[q]! * s[(rowBase + ix[q]!) * c + ch]!;
          acc += wz[a]! * wy[b]! * line;
        }
      }
      o[i * c + ch] = acc;
    }
  }
}

import { makeImage, type Image } from './image.js';

/**
 * Resampling between voxel grids of the same field of view (the spec's `data.spacing`): images
 * trilinearly, label maps by nearest neighbour. Voxel centres map as in scipy's `zoom(grid_mode=True)`
 * and torch's `interpolate(align_corners=False)`: output centre i sits at input coordinate
 * (i + ½)·n_in/n_out − ½, so a grid and its round trip cover the same extent.
 */

/** The grid size that gives voxels of `target` size over the same extent (at least 1 per axis). */
export function resampledShape(
  shape: readonly number[],
  spacing: readonly number[],
  target: readonly number[],
): number[] {
  return shape.map((n, a) => Math.max(1, Math.round((n * spacing[a]!) / target[a]!)));
}

/** One axis of a row-major array `[outer, n, inner]` → `[outer, m, inner]`. */
function resampleAxis(
  src: Float32Array,
  outer: number,
  n: number,
  inner: number,
  m: number,
  mode: 'linear' | 'nearest',
): Float32Array {
  const out = new Float32Array(outer * m * inner);
  const ratio = n / m;
  for (let j = 0; j < m; j++) {
    const x = (j + 0.5) * ratio - 0.5;
    let i0: number;
    let i1: number;
    let t: number;
    if (mode === 'nearest') {
      i0 = Math.min(n - 1, Math.max(0, Math.floor((j + 0.5) * ratio)));
      i1 = i0;
      t = 0;
    } else {
      const c = Math.min(n - 1, Math.max(0, x));
      i0 = Math.floor(c);
      i1 = Math.min(n - 1, i0 + 1);
      t = c - i0;
    }
    for (let o = 0; o < outer; o++) {
      const a = (o * n + i0) * inner;
      const b = (o * n + i1) * inner;
      const d = (o * m + j) * inner;
      for (let k = 0; k < inner; k++) out[d + k] = src[a + k]! * (1 - t) + src[b + k]! * t;
    }
  }
  return out;
}

/**
 * Resample a channels-last image (`[H, W, C]` or `[D, H, W, C]`) to the spatial size `to`, axis by
 * axis (separable linear interpolation is trilinear). Channels are interpolated independently.
 */
export function resampleImage(image: Image, to: readonly number[], mode: 'linear' | 'nearest'): Image {
  const shape = [...image.shape];
  const spatial = shape.length - 1;
  if (to.length !== spatial) throw new Error(`resample: ${to.length} target extents for a ${spatial}D image`);
  let data = image.data;
  for (let a = 0; a < spatial; a++) {
    const n = shape[a]!;
    const m = to[a]!;
    if (n === m) continue;
    const outer = shape.slice(0, a).reduce((p, v) => p * v, 1);
    const inner = shape.slice(a + 1).reduce((p, v) => p * v, 1);
    data = resampleAxis(data, outer, n, inner, m, mode);
    shape[a] = m;
  }
  return data === image.data ? makeImage(shape, image.data.slice()) : makeImage(shape, data);
}

/** Resample to the grid of voxel size `target` (same axis order as `spacing`, usually z, y, x). */
export function resampleToSpacing(
  image: Image,
  spacing: readonly number[],
  target: readonly number[],
  mode: 'linear' | 'nearest',
): Image {
  return resampleImage(image, resampledShape(image.shape.slice(0, -1), spacing, target), mode);
}

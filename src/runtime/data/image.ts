/**
 * The in-memory image every data module exchanges: channels-last float32, 2D `[H, W, C]` or
 * 3D `[D, H, W, C]`. Float32 everywhere (also for masks, whose values are small integers and
 * therefore exact) so that resampling, tiling and the trainer's tensor conversion share one code
 * path and one buffer type.
 */
export interface Image {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Spatial dims of an image: 2 for `[H, W, C]`, 3 for `[D, H, W, C]`. */
export function spatialDims(image: Image): 2 | 3 {
  const n = image.shape.length - 1;
  if (n !== 2 && n !== 3)
    throw new Error(`image has rank ${image.shape.length}; expected [H,W,C] or [D,H,W,C]`);
  return n;
}

/** The spatial part of the shape (everything but the trailing channel axis). */
export function spatialShape(image: Image): number[] {
  return image.shape.slice(0, -1);
}

export function channelsOf(image: Image): number {
  return image.shape[image.shape.length - 1] ?? 1;
}

/** Number of elements of a shape: the product of its extents. */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function makeImage(shape: readonly number[], data?: Float32Array): Image {
  const n = elementCount(shape);
  if (data !== undefined && data.length !== n) {
    throw new Error(`image data has ${data.length} values; shape [${shape.join(',')}] needs ${n}`);
  }
  return { shape: [...shape], data: data ?? new Float32Array(n) };
}

export function sameSpatialShape(a: Image, b: Image): boolean {
  const sa = spatialShape(a);
  const sb = spatialShape(b);
  return sa.length === sb.length && sa.every((v, i) => v === sb[i]);
}

export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/**
 * Connected-component labelling of a binary mask (row-major, 2D or 3D) by flood fill with an
 * explicit stack (no recursion limits, one pass, O(pixels)). Shared by the weight maps (cells to
 * separate) and evaluation (objects to count).
 *
 * Connectivity 'face' (4-neighbours in 2D, 6 in 3D) is the default: it is what the ISBI 2012
 * scoring script uses (Fiji `RandError`: `Utils.connectedComponents(…, 4)`), and cells separated
 * by a membrane that is only diagonally thin must stay separate cells. 'full' (8 / 26) also joins
 * diagonal neighbours.
 */
export type Connectivity = 'face' | 'full';

export interface Components {
  /** 0 = not in the mask; 1…count = component id, numbered in raster order of first pixel. */
  readonly labels: Int32Array;
  readonly count: number;
}

/** Offsets (per axis) of a pixel's neighbours under `connectivity`. */
function neighbourOffsets(dims: number, connectivity: Connectivity): number[][] {
  const offsets: number[][] = [];
  const walk = (prefix: number[]): void => {
    if (prefix.length === dims) {
      const nonZero = prefix.filter((v) => v !== 0).length;
      if (nonZero > 0 && (connectivity === 'full' || nonZero === 1)) offsets.push(prefix);
      return;
    }
    for (const d of [-1, 0, 1]) walk([...prefix, d]);
  };
  walk([]);
  return offsets;
}

/**
 * Label the connected components of `mask` (true / non-zero = inside).
 * @param shape spatial shape, [H, W] or [D, H, W]; `mask.length` must be its product.
 */
export function connectedComponents(
  mask: ArrayLike<boolean | number>,
  shape: readonly number[],
  connectivity: Connectivity = 'face',
): Components {
  const total = shape.reduce((a, b) => a * b, 1);
  if (mask.length !== total)
    throw new RangeError(`mask has ${mask.length} pixels, shape ${shape.join('×')} needs ${total}`);
  if (shape.length === 2 && connectivity === 'face') return label2dFace(mask, shape[0]!, shape[1]!);
  const dims = shape.length;
  const labels = new Int32Array(total);
  const strides = shape.map((_, a) => shape.slice(a + 1).reduce((x, y) => x * y, 1));
  const offsets = neighbourOffsets(dims, connectivity);
  const stack = new Int32Array(total);
  const pos = new Int32Array(dims);
  let count = 0;
  for (let seed = 0; seed < total; seed++) {
    if (!mask[seed] || labels[seed] !== 0) continue;
    count++;
    labels[seed] = count;
    let top = 0;
    stack[top++] = seed;
    while (top > 0) {
      const i = stack[--top]!;
      let rest = i;
      for (let a = 0; a < dims; a++) {
        pos[a] = Math.floor(rest / strides[a]!);
        rest -= pos[a]! * strides[a]!;
      }
      for (const off of offsets) {
        let j = i;
        let inside = true;
        for (let a = 0; a < dims; a++) {
          const p = pos[a]! + off[a]!;
          if (p < 0 || p >= shape[a]!) {
            inside = false;
            break;
          }
          j += off[a]! * strides[a]!;
        }
        if (inside && mask[j] && labels[j] === 0) {
          labels[j] = count;
          stack[top++] = j;
        }
      }
    }
  }
  return { labels, count };
}

/** 2D, 4-neighbours: the weight-map hot path, without per-pixel coordinate decoding. */
function label2dFace(mask: ArrayLike<boolean | number>, h: number, w: number): Components {
  const total = h * w;
  const labels = new Int32Array(total);
  const stack = new Int32Array(total);
  let count = 0;
  const visit = (j: number, top: number): number => {
    if (mask[j] && labels[j] === 0) {
      labels[j] = count;
      stack[top++] = j;
    }
    return top;
  };
  for (let seed = 0; seed < total; seed++) {
    if (!mask[seed] || labels[seed] !== 0) continue;
    labels[seed] = ++count;
    let top = 0;
    stack[top++] = seed;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % w;
      if (x > 0) top = visit(i - 1, top);
      if (x < w - 1) top = visit(i + 1, top);
      if (i >= w) top = visit(i - w, top);
      if (i + w < total) top = visit(i + w, top);
    }
  }
  return { labels, count };
}

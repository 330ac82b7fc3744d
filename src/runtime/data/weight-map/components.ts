/**
 * Connected-component labelling of a binary mask (row-major, 2D or 3D) by flood fill with an
 * explicit stack (no recursion limits, one pass, O(pixels)).
 *
 * Connectivity 'face' (4-neighbours in 2D, 6 in 3D) is the default because cells separated by a
 * one-pixel membrane that is only diagonally thin must stay separate cells; 'full' (8 / 26)
 * joins diagonal neighbours.
 */
export type Connectivity = 'face' | 'full';

export interface Components {
  /** 0 = not in the mask, 1..count = component id. */
  readonly labels: Int32Array;
  readonly count: number;
}

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

export function labelComponents(
  mask: Uint8Array,
  shape: readonly number[],
  connectivity: Connectivity = 'face',
): Components {
  if (shape.length === 2 && connectivity === 'face') return label2dFace(mask, shape[0]!, shape[1]!);
  const dims = shape.length;
  const total = mask.length;
  const labels = new Int32Array(total);
  const strides = shape.map((_, a) => shape.slice(a + 1).reduce((x, y) => x * y, 1));
  const offsets = neighbourOffsets(dims, connectivity);
  const stack = new Int32Array(total);
  const pos = new Int32Array(dims);
  let count = 0;
  for (let seed = 0; seed < total; seed++) {
    if (mask[seed] === 0 || labels[seed] !== 0) continue;
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
        if (inside && mask[j] !== 0 && labels[j] === 0) {
          labels[j] = count;
          stack[top++] = j;
        }
      }
    }
  }
  return { labels, count };
}

/** 2D, 4-neighbours: the weight-map hot path, without per-pixel coordinate decoding. */
function label2dFace(mask: Uint8Array, h: number, w: number): Components {
  const total = h * w;
  const labels = new Int32Array(total);
  const stack = new Int32Array(total);
  let count = 0;
  for (let seed = 0; seed < total; seed++) {
    if (mask[seed] === 0 || labels[seed] !== 0) continue;
    labels[seed] = ++count;
    let top = 0;
    stack[top++] = seed;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % w;
      if (x > 0 && mask[i - 1] !== 0 && labels[i - 1] === 0) {
        labels[i - 1] = count;
        stack[top++] = i - 1;
      }
      if (x < w - 1 && mask[i + 1] !== 0 && labels[i + 1] === 0) {
        labels[i + 1] = count;
        stack[top++] = i + 1;
      }
      if (i >= w && mask[i - w] !== 0 && labels[i - w] === 0) {
        labels[i - w] = count;
        stack[top++] = i - w;
      }
      if (i + w < total && mask[i + w] !== 0 && labels[i + w] === 0) {
        labels[i + w] = count;
        stack[top++] = i + w;
      }
    }
  }
  return { labels, count };
}

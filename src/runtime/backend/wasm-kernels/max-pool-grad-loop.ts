/**
 * Max-pool gradient as one pass over the input, in plain JS on the wasm heap: the stock wasm kernels start
 * their running max at FLT_MIN, so every window whose max is ≤ 0 sends its gradient to the wrong element
 * (or nowhere). This scans each window from −∞, like tfjs-backend-cpu: the 2D kernel keeps the *first*
 * maximum (strict >), the 3D one the *last* (≥), so results match cpu exactly, ties included.
 * The scan keeps per-channel running maxima so the inner loop is contiguous in NDHWC memory.
 */
export interface PoolGeometry {
  batch: number;
  /** Input extent [D, H, W] (D = 1 for 2D pooling). */
  input: [number, number, number];
  output: [number, number, number];
  channels: number;
  strides: [number, number, number];
  filter: [number, number, number];
  /** Padding before each axis [front, top, left]. */
  padBefore: [number, number, number];
  tie: 'first' | 'last';
}

export function maxPoolGradLoop(g: PoolGeometry, x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  if (isPlain2x2(g)) {
    maxPoolGrad2x2(g, x, dy, dx);
    return;
  }
  const [D, H, W] = g.input;
  const [OD, OH, OW] = g.output;
  const C = g.channels;
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  const last = g.tie === 'last';
  dx.fill(0);
  let dyOffset = 0;
  for (let b = 0; b < g.batch; b++)
    for (let od = 0; od < OD; od++) {
      const [d0, d1] = windowRange(od, g.strides[0], g.padBefore[0], g.filter[0], D);
      for (let oh = 0; oh < OH; oh++) {
        const [h0, h1] = windowRange(oh, g.strides[1], g.padBefore[1], g.filter[1], H);
        for (let ow = 0; ow < OW; ow++, dyOffset += C) {
          const [w0, w1] = windowRange(ow, g.strides[2], g.padBefore[2], g.filter[2], W);
          best.fill(-Infinity);
          where.fill(-1);
          for (let d = d0; d < d1; d++)
            for (let h = h0; h < h1; h++)
              for (let w = w0; w < w1; w++) {
                const base = (((b * D + d) * H + h) * W + w) * C;
                for (let c = 0; c < C; c++) {
                  const v = x[base + c] as number;
                  const m = best[c] as number;
                  if (v > m || (last && v === m)) {
                    best[c] = v;
                    where[c] = base + c;
                  }
                }
              }
          for (let c = 0; c < C; c++) {
            const at = where[c] as number;
            if (at >= 0) dx[at] = (dx[at] as number) + (dy[dyOffset + c] as number);
          }
        }
      }
    }
}

/** Input index range [start, end) of output index o: start = o·s − pad, clamped to [0, n). */
function windowRange(
  o: number,
  stride: number,
  padBefore: number,
  filter: number,
  n: number,
): [number, number] {
  const start = o * stride - padBefore;
  return [Math.max(0, start), Math.min(n, start + filter)];
}

/** The U-Net case: 2D, 2×2 windows, stride 2, every window inside the input, first maximum wins. */
function isPlain2x2(g: PoolGeometry): boolean {
  return (
    g.tie === 'first' &&
    2 * g.output[1] <= g.input[1] &&
    2 * g.output[2] <= g.input[2] &&
    g.input[0] === 1 &&
    g.filter.every((f, i) => f === (i === 0 ? 1 : 2)) &&
    g.strides.every((s, i) => s === (i === 0 ? 1 : 2)) &&
    g.padBefore.every((p) => p === 0)
  );
}

/** Same result as the general loop for isPlain2x2 geometries, without its per-window bookkeeping (~4× faster). */
function maxPoolGrad2x2(g: PoolGeometry, x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  const [, H, W] = g.input;
  const [, OH, OW] = g.output;
  const C = g.channels;
  dx.fill(0);
  const row = W * C;
  let o = 0;
  for (let b = 0; b < g.batch; b++)
    for (let oh = 0; oh < OH; oh++) {
      const top = (b * H + 2 * oh) * row;
      for (let ow = 0; ow < OW; ow++) {
        const a = top + 2 * ow * C;
        for (let c = 0; c < C; c++, o++) {
          // Candidates in scan order (row-major): the strict > keeps the first of equal maxima.
          let at = a + c;
          let m = x[at] as number;
          if (Number.isNaN(m)) m = -Infinity; // cpu's scan starts at −∞, so a NaN never wins.
          const p1 = at + C;
          const p2 = at + row;
          const p3 = p2 + C;
          if ((x[p1] as number) > m) {
            m = x[p1] as number;
            at = p1;
          }
          if ((x[p2] as number) > m) {
            m = x[p2] as number;
            at = p2;
          }
          if ((x[p3] as number) > m) at = p3;
          dx[at] = (dx[at] as number) + (dy[o] as number);
        }
      }
    }
}

import * as tf from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops.js';

type Triple = [number, number, number];
export type Pads3 = [[number, number], [number, number], [number, number]];
export type Shape5 = [number, number, number, number, number];
type Conv3DInfo = ReturnType<typeof tf.backend_util.computeConv3DInfo>;

/** [[front, back], [top, bottom], [left, right]] from tfjs's conv info. */
export function padsOf(info: Conv3DInfo): Pads3 {
  const p = info.padInfo;
  return [
    [p.front, p.back],
    [p.top, p.bottom],
    [p.left, p.right],
  ];
}

/**
 * NDHWC 3D convolution as a sum of XNNPACK 2D convolutions, one per depth tap k (stock wasm Conv3D is a
 * naive loop): y[:, od] = Σ_k Conv2D(x[:, od·sd + k·dd], W[k]), where the depth slices for every od are
 * gathered at once by a strided slice into a [B·od, H, W, C] batch.
 * x `[B,D,H,W,C]`, filter `[fd,fh,fw,C,O]`, explicit paddings [[front,back],[top,bottom],[left,right]].
 * Output depth od = ⌊(D + front + back − (fd−1)·dd − 1) / sd⌋ + 1.
 */
export function conv3dVia2d(
  ops: WasmOps,
  input: tf.TensorInfo,
  filter: tf.TensorInfo,
  strides: Triple,
  dilations: Triple,
  givenPads: Pads3,
): tf.TensorInfo {
  // tfjs 'same' for 3D does not clamp its padding at 0 (kernel < stride): a negative pad crops.
  const cropped = ops.cropNegative(
    input,
    givenPads.map((p) => p[0]),
    givenPads.map((p) => p[1]),
  );
  const pads = givenPads.map(([a, z]) => [Math.max(0, a), Math.max(0, z)]) as Pads3;
  const x = cropped;
  const [b, , h, w, c] = x.shape as [number, number, number, number, number];
  const [fd, fh, fw, , o] = filter.shape as [number, number, number, number, number];
  const [front, back] = pads[0];
  const padded = front > 0 || back > 0 ? ops.pad(x, [[0, 0], pads[0], [0, 0], [0, 0], [0, 0]]) : x;
  const depth = padded.shape[1] as number;
  const od = Math.floor((depth - (fd - 1) * dilations[0] - 1) / strides[0]) + 1;
  let sum: tf.TensorInfo | undefined;
  for (let k = 0; k < fd; k++) {
    const start = k * dilations[0];
    const taps =
      strides[0] === 1
        ? ops.slice(padded, [0, start, 0, 0, 0], [b, od, h, w, c])
        : ops.stridedSlice(
            padded,
            [0, start, 0, 0, 0],
            [b, start + (od - 1) * strides[0] + 1, h, w, c],
            [1, strides[0], 1, 1, 1],
          );
    const tap = ops.slice(filter, [k, 0, 0, 0, 0], [1, fh, fw, c, o]);
    const y = ops.conv2d(
      ops.reshaped(taps, [b * od, h, w, c]),
      ops.reshaped(tap, [fh, fw, c, o]),
      [strides[1], strides[2]],
      [dilations[1], dilations[2]],
      [pads[1], pads[2]],
    );
    ops.free(taps, tap);
    if (sum === undefined) sum = y;
    else {
      const next = ops.add(sum, y);
      ops.free(sum, y);
      sum = next;
    }
  }
  if (padded !== x) ops.free(padded);
  if (cropped !== input) ops.free(cropped);
  if (sum === undefined) throw new Error('conv3d with an empty filter');
  return ops.reshaped(sum, [b, od, sum.shape[1] as number, sum.shape[2] as number, o]);
}

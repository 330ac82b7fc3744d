import * as tf from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops.js';

/**
 * Conv2DBackpropFilter for wasm (stock wasm has none), composed over XNNPACK Conv2D:
 * dW = Transpose(Conv2D(xᵀ, dyᵀ), [1,2,0,3]), where x `[B,H,W,C]` → `[C,H,W,B]` is the conv input,
 * dy `[B,oh,ow,O]` → `[oh,ow,B,O]` is the filter, stride 1 and dilation = forward stride, and the
 * forward paddings are passed as explicit (asymmetric) XNNPACK paddings. Output rows beyond fh
 * (when (H+pads−fh) % s ≠ 0) are sliced away.
 * Measured alternative: one 1×1-conv GEMM per filter tap (reduction over contiguous channels) was
 * 1.5–4× slower except on tiny, channel-heavy layers, where it only tied.
 */
export function conv2dBackpropFilterKernel(ops: WasmOps): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dimRoundingMode, filterShape, dataFormat } =
      attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    assertChannelsLast(dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const p = info.padInfo;
    return filterGrad2d(
      ops,
      x,
      dy,
      [info.strideHeight, info.strideWidth],
      [
        [p.top, p.bottom],
        [p.left, p.right],
      ],
      filterShape,
    );
  };
  return { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc };
}

/** Fold at least this many row bands × batch items into the conv's channel axis. */
const TARGET_CHANNELS = 8;
/** Keep bands at least this many output rows high, so their overlap stays small. */
const MIN_BAND_ROWS = 4;

/**
 * filterGrad2d with the image cut into P horizontal bands that are stacked along the batch axis.
 * With batch 1 the composed conv has a single input channel (the batch), and XNNPACK then spends more
 * time walking its indirection buffer than multiplying; P bands make it P channels for the same MACs.
 * Band k covers output rows [k·R, (k+1)·R) and input rows [k·R·s, k·R·s + (R−1)·s + fh) of x padded
 * by `top` above (and zeros below where the bands overrun); dy rows past oh are zero, so they add nothing.
 */
export function bandedFilterGrad2d(
  ops: WasmOps,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  strides: [number, number],
  pads: [[number, number], [number, number]],
  filterShape: [number, number, number, number],
): tf.TensorInfo {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const [, oh, ow, o] = dy.shape as [number, number, number, number];
  const bands = Math.min(Math.ceil(TARGET_CHANNELS / b), Math.floor(oh / MIN_BAND_ROWS));
  if (bands <= 1 || process.env['NOBAND'] === '1') return filterGrad2d(ops, x, dy, strides, pads, filterShape);
  const rows = Math.ceil(oh / bands);
  const [s, fh] = [strides[0], filterShape[0]];
  const inRows = (rows - 1) * s + fh;
  const [top] = pads[0];
  const needed = (bands * rows - 1) * s + fh;
  const xp = ops.pad(x, [
    [0, 0],
    [top, Math.max(0, needed - h - top)],
    [0, 0],
    [0, 0],
  ]);
  const dyp =
    bands * rows > oh
      ? ops.pad(dy, [
          [0, 0],
          [0, bands * rows - oh],
          [0, 0],
          [0, 0],
        ])
      : dy;
  const xParts: tf.TensorInfo[] = [];
  const dyParts: tf.TensorInfo[] = [];
  for (let k = 0; k < bands; k++) {
    xParts.push(ops.slice(xp, [0, k * rows * s, 0, 0], [b, inRows, w, c]));
    dyParts.push(ops.slice(dyp, [0, k * rows, 0, 0], [b, rows, ow, o]));
  }
  ops.free(xp);
  if (dyp !== dy) ops.free(dyp);
  const xBands = ops.concat(xParts, 0);
  const dyBands = ops.concat(dyParts, 0);
  ops.free(...xParts, ...dyParts);
  const dW = filterGrad2d(ops, xBands, dyBands, strides, [[0, 0], pads[1]], filterShape);
  ops.free(xBands, dyBands);
  return dW;
}

/**
 * The composition itself, shared with the 3D kernel (which calls it once per depth tap):
 * x `[B,H,W,C]`, dy `[B,oh,ow,O]`, forward strides and explicit paddings → dW `[fh,fw,C,O]`.
 */
export function filterGrad2d(
  ops: WasmOps,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  strides: [number, number],
  pads: [[number, number], [number, number]],
  filterShape: [number, number, number, number],
): tf.TensorInfo {
  const xT = ops.transpose(x, [3, 1, 2, 0]);
  const dyT = ops.transpose(dy, [1, 2, 0, 3]);
  const full = ops.conv2d(xT, dyT, [1, 1], strides, pads);
  ops.free(xT, dyT);
  const [fh, fw, c, o] = filterShape;
  const exact =
    full.shape[1] === fh && full.shape[2] === fw ? full : ops.slice(full, [0, 0, 0, 0], [c, fh, fw, o]);
  const dW = ops.transpose(exact, [1, 2, 0, 3]);
  ops.free(full);
  if (exact !== full) ops.free(exact);
  return dW;
}

export function assertChannelsLast(dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`unetc wasm kernels support channels-last (NHWC) only, got ${dataFormat}`);
  }
}

import * as tf from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops.js';

/**
 * Conv2DBackpropFilter for wasm (stock wasm has none), composed over XNNPACK Conv2D:
 * dW = Transpose(Conv2D(xᵀ, dyᵀ))[1,2,0,3], where x `[B,H,W,C]` → `[C,H,W,B]` is the conv input,
 * dy `[B,oh,ow,O]` → `[oh,ow,B,O]` is the filter, stride 1 and dilation = forward stride.
 * Output rows beyond fh (when (H+pads−fh) % s ≠ 0) are sliced away.
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
    const { top, bottom, left, right } = info.padInfo;
    const xT = ops.transpose(x, [3, 1, 2, 0]);
    const dyT = ops.transpose(dy, [1, 2, 0, 3]);
    const full = ops.conv2d(
      xT,
      dyT,
      [1, 1],
      [info.strideHeight, info.strideWidth],
      [
        [top, bottom],
        [left, right],
      ],
    );
    ops.free(xT, dyT);
    const [fh, fw, c, o] = filterShape;
    const exact =
      full.shape[1] === fh && full.shape[2] === fw ? full : ops.slice(full, [0, 0, 0, 0], [c, fh, fw, o]);
    const dW = ops.transpose(exact, [1, 2, 0, 3]);
    ops.free(full);
    if (exact !== full) ops.free(exact);
    return dW;
  };
  return { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc };
}

export function assertChannelsLast(dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`unetc wasm kernels support channels-last (NHWC) only, got ${dataFormat}`);
  }
}

import * as tf from '@tensorflow/tfjs';
import { assertChannelsLast } from './conv2d-backprop-filter.js';
import type { FlippedFilterCache } from './flipped-filter-cache.js';
import type { WasmOps } from './wasm-ops.js';

/**
 * Conv2DBackpropInput for wasm over XNNPACK Conv2D (stock wasm runs a naive C++ loop, ~75% of a step):
 * dx = Conv2D(zeroInsert(dy, s), flip(W)ᵀ), stride 1, padding fh−1−top above and
 * H−1+top−(oh−1)·s below (likewise for width), given to XNNPACK as explicit asymmetric padding.
 * Negative paddings (an explicit pad larger than the filter) crop dy instead.
 */
export function conv2dBackpropInputKernel(ops: WasmOps, flips: FlippedFilterCache): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dimRoundingMode, inputShape, dataFormat } =
      attrs as unknown as tf.Conv2DBackpropInputAttrs;
    assertChannelsLast(dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const [fh, fw] = [info.filterHeight, info.filterWidth];
    const spread = ops.zeroInsert(dy, [info.strideHeight, info.strideWidth]);
    const before = [fh - 1 - info.padInfo.top, fw - 1 - info.padInfo.left];
    const after = [
      info.inHeight + fh - 1 - (spread.shape[1] as number) - (before[0] as number),
      info.inWidth + fw - 1 - (spread.shape[2] as number) - (before[1] as number),
    ];
    const cropped = ops.cropNegative(spread, before, after);
    const flipped = flips.get(filter);
    const dx = ops.conv2d(
      cropped,
      flipped,
      [1, 1],
      [1, 1],
      [
        [Math.max(0, before[0] as number), Math.max(0, after[0] as number)],
        [Math.max(0, before[1] as number), Math.max(0, after[1] as number)],
      ],
    );
    if (cropped !== spread) ops.free(cropped);
    ops.free(spread);
    return dx;
  };
  return { kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', kernelFunc };
}

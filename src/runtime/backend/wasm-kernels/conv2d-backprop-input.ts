import * as tf from '@tensorflow/tfjs';
import { assertChannelsLast } from './conv2d-backprop-filter.js';
import type { FilterCaches } from './filter-cache.js';
import type { WasmOps } from './wasm-ops.js';

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/**
 * Conv2DBackpropInput for wasm over XNNPACK Conv2D (stock wasm runs a naive C++ loop, ~75% of a step).
 * It is also the forward pass of Conv2DTranspose, so two paths:
 *  - kernel = stride, no leading padding (U-Net 2×2/2 up-convolutions): windows do not overlap, so
 *    dx = depthToSpace(Conv2D_1×1(dy, W as [O, fh·fw·C])) — no zero-insertion, no wasted MACs;
 *  - otherwise dx = Conv2D(zeroInsert(dy, s), flip(W)ᵀ), stride 1, padding fh−1−top above and
 *    H−1+top−(oh−1)·s below (likewise for width), as explicit asymmetric XNNPACK padding; negative
 *    paddings crop dy instead.
 */
export function conv2dBackpropInputKernel(ops: WasmOps, caches: FilterCaches): tf.KernelConfig {
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
    const tiled =
      info.filterHeight === info.strideHeight &&
      info.filterWidth === info.strideWidth &&
      info.padInfo.top === 0 &&
      info.padInfo.left === 0 &&
      (info.strideHeight > 1 || info.strideWidth > 1);
    return tiled
      ? depthToSpaceInput(ops, caches, dy, filter, info)
      : fullConvInput(ops, caches, dy, filter, info);
  };
  return { kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', kernelFunc };
}

function depthToSpaceInput(
  ops: WasmOps,
  caches: FilterCaches,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: Conv2DInfo,
): tf.TensorInfo {
  const [b, oh, ow] = dy.shape as [number, number, number, number];
  const [fh, fw, c] = [info.filterHeight, info.filterWidth, info.inChannels];
  const taps = ops.conv2d(
    dy,
    caches.outputMajor.get(filter),
    [1, 1],
    [1, 1],
    [
      [0, 0],
      [0, 0],
    ],
  );
  // [B·oh, ow, fh, fw·C] → [B·oh, fh, ow, fw·C] is [B, oh·fh, ow·fw, C] in memory.
  const rows = ops.transpose(ops.reshaped(taps, [b * oh, ow, fh, fw * c]), [0, 2, 1, 3]);
  ops.free(taps);
  const tiled = ops.reshaped(rows, [b, oh * fh, ow * fw, c]);
  // Rows the forward windows never reached get zero gradient; windows hanging over the edge are cut.
  const fitted = ops.fitTo(tiled, [info.inHeight, info.inWidth]);
  if (fitted !== tiled) ops.free(tiled);
  return fitted;
}

function fullConvInput(
  ops: WasmOps,
  caches: FilterCaches,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: Conv2DInfo,
): tf.TensorInfo {
  const [fh, fw] = [info.filterHeight, info.filterWidth];
  const spread = ops.zeroInsert(dy, [info.strideHeight, info.strideWidth]);
  const before = [fh - 1 - info.padInfo.top, fw - 1 - info.padInfo.left];
  const after = [
    info.inHeight + fh - 1 - (spread.shape[1] as number) - (before[0] as number),
    info.inWidth + fw - 1 - (spread.shape[2] as number) - (before[1] as number),
  ];
  const cropped = ops.cropNegative(spread, before, after);
  const dx = ops.conv2d(
    cropped,
    caches.flipped.get(filter),
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
}

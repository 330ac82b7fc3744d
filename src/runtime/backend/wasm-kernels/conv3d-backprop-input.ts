import * as tf from '@tensorflow/tfjs';
import { conv3dVia2d, type Pads3, type Shape5 } from './conv3d-via-2d.js';
import type { FilterCaches } from './filter-cache.js';
import type { WasmOps } from './wasm-ops.js';

type Conv3DInfo = ReturnType<typeof tf.backend_util.computeConv3DInfo>;

/**
 * Conv3DBackpropInputV2 for wasm (the stock one is wrong: a missing `+ xf_corner`); also the forward
 * pass of Conv3DTranspose. As in 2D:
 *  - kernel = stride, no leading padding: dx = depthToSpace(Conv2D_1×1(dy, W as [O, fd·fh·fw·C]));
 *  - otherwise dx = Conv3D(zeroInsert(dy, s), flip(W)ᵀ), stride 1, padding f−1−before ahead and
 *    the rest behind, over conv3d-via-2d.
 */
export function conv3dBackpropInputKernel(ops: WasmOps, caches: FilterCaches): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, inputShape } = attrs as unknown as tf.Conv3DBackpropInputV2Attrs;
    const info = tf.backend_util.computeConv3DInfo(inputShape, filter.shape as Shape5, strides, 1, pad);
    const f = [info.filterDepth, info.filterHeight, info.filterWidth];
    const s = [info.strideDepth, info.strideHeight, info.strideWidth];
    const p = info.padInfo;
    const tiled =
      f.every((n, i) => n === s[i]) && p.front === 0 && p.top === 0 && p.left === 0 && s.some((n) => n > 1);
    return tiled
      ? depthToSpaceInput(ops, caches, dy, filter, info)
      : fullConvInput(ops, caches, dy, filter, info);
  };
  return { kernelName: tf.Conv3DBackpropInputV2, backendName: 'wasm', kernelFunc };
}

function depthToSpaceInput(
  ops: WasmOps,
  caches: FilterCaches,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: Conv3DInfo,
): tf.TensorInfo {
  const [b, od, oh, ow, o] = dy.shape as Shape5;
  const [fd, fh, fw, c] = [info.filterDepth, info.filterHeight, info.filterWidth, info.inChannels];
  const taps = ops.conv2d(
    ops.reshaped(dy, [b * od, oh, ow, o]),
    caches.outputMajor.get(filter),
    [1, 1],
    [1, 1],
    [
      [0, 0],
      [0, 0],
    ],
  );
  // Memory is [B,od,oh,ow,fd,fh,fw,C]; two rank-4 transposes give [B,od,fd,oh,fh,ow,fw,C].
  const depthFirst = ops.transpose(ops.reshaped(taps, [b * od, oh * ow, fd, fh * fw * c]), [0, 2, 1, 3]);
  ops.free(taps);
  const rowsFirst = ops.transpose(ops.reshaped(depthFirst, [b * od * fd * oh, ow, fh, fw * c]), [0, 2, 1, 3]);
  ops.free(depthFirst);
  const tiled = ops.reshaped(rowsFirst, [b, od * fd, oh * fh, ow * fw, c]);
  const fitted = ops.fitTo(tiled, [info.inDepth, info.inHeight, info.inWidth]);
  if (fitted !== tiled) ops.free(tiled);
  return fitted;
}

function fullConvInput(
  ops: WasmOps,
  caches: FilterCaches,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: Conv3DInfo,
): tf.TensorInfo {
  const f = [info.filterDepth, info.filterHeight, info.filterWidth];
  const extent = [info.inDepth, info.inHeight, info.inWidth];
  const spread = ops.zeroInsert(dy, [info.strideDepth, info.strideHeight, info.strideWidth]);
  const p = info.padInfo;
  const before = [p.front, p.top, p.left].map((v, i) => (f[i] as number) - 1 - v);
  const after = before.map(
    (v, i) => (extent[i] as number) + (f[i] as number) - 1 - (spread.shape[i + 1] as number) - v,
  );
  const cropped = ops.cropNegative(spread, before, after);
  const pads = before.map((v, i) => [Math.max(0, v), Math.max(0, after[i] as number)]) as Pads3;
  const dx = conv3dVia2d(ops, cropped, caches.flipped.get(filter), [1, 1, 1], [1, 1, 1], pads);
  if (cropped !== spread) ops.free(cropped);
  ops.free(spread);
  return dx;
}

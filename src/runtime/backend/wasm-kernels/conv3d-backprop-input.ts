import * as tf from '@tensorflow/tfjs';
import { conv3dVia2d, type Pads3, type Shape5 } from './conv3d-via-2d.js';
import type { FlippedFilterCache } from './flipped-filter-cache.js';
import type { WasmOps } from './wasm-ops.js';

/**
 * Conv3DBackpropInputV2 for wasm (the stock one is wrong: a missing `+ xf_corner`):
 * dx = Conv3D(zeroInsert(dy, s), flip(W)ᵀ), stride 1, padding f−1−before ahead and the rest behind,
 * as in the 2D kernel.
 */
export function conv3dBackpropInputKernel(ops: WasmOps, flips: FlippedFilterCache): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, inputShape } = attrs as unknown as tf.Conv3DBackpropInputV2Attrs;
    const info = tf.backend_util.computeConv3DInfo(inputShape, filter.shape as Shape5, strides, 1, pad);
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
    const dx = conv3dVia2d(ops, cropped, flips.get(filter), [1, 1, 1], [1, 1, 1], pads);
    if (cropped !== spread) ops.free(cropped);
    ops.free(spread);
    return dx;
  };
  return { kernelName: tf.Conv3DBackpropInputV2, backendName: 'wasm', kernelFunc };
}

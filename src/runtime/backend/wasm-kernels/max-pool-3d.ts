import * as tf from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops.js';

/**
 * MaxPool3D for wasm as two XNNPACK 2D max pools (max is separable, so this is exact): the stock kernel
 * starts its running max at FLT_MIN and returns FLT_MIN for windows whose max is ≤ 0.
 *  1. [B·D, H, W, C] pooled over (H, W) → [B·D, oh, ow, C];
 *  2. [B, D, oh·ow, C] pooled over (D, 1) → [B, od, oh·ow, C].
 * Paddings come from computePool3DInfo and are passed per axis as explicit 2D paddings.
 */
export function maxPool3dKernel(ops: WasmOps): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode, dataFormat } = attrs as unknown as tf.MaxPool3DAttrs;
    if (dataFormat !== undefined && dataFormat !== 'NDHWC') {
      throw new Error(`unetc wasm MaxPool3D supports NDHWC only, got ${dataFormat}`);
    }
    const info = tf.backend_util.computePool3DInfo(
      x.shape as [number, number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const [b, d, h, w, c] = x.shape as [number, number, number, number, number];
    const p = info.padInfo;
    const planes = ops.run('MaxPool', { x: ops.reshaped(x, [b * d, h, w, c]) }, {
      filterSize: [info.filterHeight, info.filterWidth],
      strides: [info.strideHeight, info.strideWidth],
      pad: [
        [0, 0],
        [p.top, p.bottom],
        [p.left, p.right],
        [0, 0],
      ],
    } as unknown as tf.NamedAttrMap);
    const plane = info.outHeight * info.outWidth;
    const pooled = ops.run('MaxPool', { x: ops.reshaped(planes, [b, d, plane, c]) }, {
      filterSize: [info.filterDepth, 1],
      strides: [info.strideDepth, 1],
      pad: [
        [0, 0],
        [p.front, p.back],
        [0, 0],
        [0, 0],
      ],
    } as unknown as tf.NamedAttrMap);
    ops.free(planes);
    return ops.reshaped(pooled, [b, info.outDepth, info.outHeight, info.outWidth, c]);
  };
  return { kernelName: tf.MaxPool3D, backendName: 'wasm', kernelFunc };
}

import * as tf from '@tensorflow/tfjs';
import { conv3dVia2d, padsOf, type Shape5 } from './conv3d-via-2d.js';
import type { WasmOps } from './wasm-ops.js';

/** Conv3D for wasm over XNNPACK 2D convs (conv3d-via-2d.ts); the stock one is a naive loop. */
export function conv3dKernel(ops: WasmOps): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dilations, dataFormat } = attrs as unknown as tf.Conv3DAttrs;
    if (dataFormat !== undefined && dataFormat !== 'NDHWC') {
      throw new Error(`unetc wasm Conv3D supports NDHWC only, got ${dataFormat}`);
    }
    const info = tf.backend_util.computeConv3DInfo(
      x.shape as Shape5,
      filter.shape as Shape5,
      strides,
      dilations,
      pad,
    );
    return conv3dVia2d(
      ops,
      x,
      filter,
      [info.strideDepth, info.strideHeight, info.strideWidth],
      [info.dilationDepth, info.dilationHeight, info.dilationWidth],
      padsOf(info),
    );
  };
  return { kernelName: tf.Conv3D, backendName: 'wasm', kernelFunc };
}

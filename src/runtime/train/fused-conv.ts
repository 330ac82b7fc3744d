import * as tf from '@tensorflow/tfjs';
import type { FusedAttrs } from '../backend/fused-conv-gradient.js';

/**
 * Conv2D + bias + ReLU as one taped kernel for training (see ../backend/fused-conv-gradient.ts for
 * why, and for its gradient, registered with the other gradient fixes when a backend is selected).
 */
export type FusibleActivation = 'relu' | 'linear';

export interface ConvGeometry {
  readonly strides: [number, number];
  readonly pad: 'valid' | 'same';
}

/** y = activation(conv2d(x, filter) + bias) as one taped kernel. */
export function convBiasActivation(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D | null,
  geometry: ConvGeometry,
  activation: FusibleActivation,
): tf.Tensor4D {
  const attrs: FusedAttrs = {
    strides: geometry.strides,
    pad: geometry.pad,
    dataFormat: 'NHWC',
    dilations: [1, 1],
    activation,
  };
  const inputs: tf.NamedTensorMap = bias === null ? { x, filter } : { x, filter, bias };
  return tf.engine().runKernel(tf.FusedConv2D, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

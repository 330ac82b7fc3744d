import * as tf from '@tensorflow/tfjs';

/**
 * The gradient of FusedConv2D (Conv2D + bias + ReLU as one differentiable kernel for training;
 * src/runtime/train/fused-conv.ts runs it).
 *
 * tfjs-layers' Conv2D calls `tf.fused.conv2d`, but tfjs-core only fuses outside gradient mode for any
 * activation but linear (`shouldFuse`): while training, a conv layer leaves three tensors on the tape
 * (conv, conv + bias, relu), each as large as the layer's output. Here the forward pass is the backend's
 * FusedConv2D kernel, recorded on the tape directly, with the gradient below registered for it (tfjs-core
 * registers none: its fused op wraps the kernel in a customGrad). The tape keeps only x, the filter and
 * y, since ∂relu(z)/∂z = step(z) = step(relu(z)) (tfjs-core's own fused gradient uses the same identity).
 * Being a registered gradient, its parts are lazy: the tape skips dx where x needs no gradient (the model
 * input), which a customGrad cannot. With the wasm Identity that shares buffers, this lets the 2015 net's
 * training step at 572² fit the 4 GiB wasm heap.
 *
 * Gradients: dz = dy·step(y); dx = Conv2DBackpropInput(dz, w); dw = Conv2DBackpropFilter(x, dz);
 * db = Σ_{n,h,w} dz — the kernels the unfused graph runs, so results agree to rounding.
 */
export interface FusedAttrs {
  strides: [number, number];
  pad: 'valid' | 'same';
  dataFormat: 'NHWC';
  dilations: [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation: string;
}

export const fusedConvGradient: tf.GradConfig = {
  kernelName: tf.FusedConv2D,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, activation } = attrs as unknown as FusedAttrs;
    if (activation !== 'relu' && activation !== 'linear') {
      throw new Error(`unetc's FusedConv2D gradient supports relu and linear, not ${activation}`);
    }
    // Recomputed in each part: the tape runs every part in its own tidy, and a dz kept across them
    // would stay alive until the whole backward pass ends (one more activation-sized tensor per conv).
    const dz = (): tf.Tensor4D =>
      activation === 'relu' ? tf.mul(dy as tf.Tensor4D, tf.step(y)) : (dy as tf.Tensor4D);
    const backprop = { strides, pad, dataFormat: 'NHWC' as const };
    const engine = tf.engine();
    return {
      x: () =>
        engine.runKernel(
          tf.Conv2DBackpropInput,
          { dy: dz(), filter },
          { ...backprop, inputShape: x.shape },
        ) as tf.Tensor,
      filter: () =>
        engine.runKernel(
          tf.Conv2DBackpropFilter,
          { x, dy: dz() },
          { ...backprop, filterShape: filter.shape },
        ) as tf.Tensor,
      bias: () => tf.sum(dz(), [0, 1, 2]),
    };
  },
};

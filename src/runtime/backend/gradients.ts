import * as tf from '@tensorflow/tfjs';
import { cpuResizeBilinearGrad, cpuResizeNearestNeighborGrad } from './cpu-resize-grads.js';
import { fusedConvGradient } from './fused-conv-gradient.js';

/**
 * Gradient of Conv3DBackpropInputV2 (= conv3dTranspose), which tfjs-core 4.22 lacks, so 3D U-Nets with
 * transposed-conv up-sampling could not train on any backend. Mirrors core's Conv2DBackpropInput grad:
 * d/d(dy) = Conv3D(g, W), d/dW = Conv3DBackpropFilterV2(x = g, dy).
 */
const conv3dBackpropInputGrad: tf.GradConfig = {
  kernelName: tf.Conv3DBackpropInputV2,
  inputsToSave: ['dy', 'filter'],
  gradFunc: (g, saved, attrs) => {
    const [dy, filter] = saved as [tf.Tensor5D, tf.Tensor5D];
    const { strides, pad } = attrs as unknown as tf.Conv3DBackpropInputV2Attrs;
    const grad = g as tf.Tensor5D;
    return {
      dy: () => tf.conv3d(grad, filter, strides, pad),
      filter: () =>
        tf.engine().runKernel(tf.Conv3DBackpropFilterV2, { x: grad, dy }, {
          strides,
          pad,
          filterShape: filter.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    };
  },
};

let registered = false;

/**
 * Every gradient and kernel fix unetc makes to tfjs, in one place: the missing gradients
 * (Conv3DBackpropInputV2, and FusedConv2D for training's fused convs) and the corrected cpu resize
 * kernels. Idempotent, safe with any backend active.
 */
export function registerGradientFixes(): void {
  if (registered) return;
  registered = true;
  if (tf.getGradient(tf.Conv3DBackpropInputV2) === undefined) tf.registerGradient(conv3dBackpropInputGrad);
  if (tf.getGradient(tf.FusedConv2D) === undefined) tf.registerGradient(fusedConvGradient);
  for (const config of [cpuResizeNearestNeighborGrad, cpuResizeBilinearGrad]) {
    if (tf.getKernel(config.kernelName, 'cpu') !== undefined) tf.unregisterKernel(config.kernelName, 'cpu');
    tf.registerKernel(config);
  }
}

import * as tf from '@tensorflow/tfjs';
import { filterGrad2d } from './conv2d-backprop-filter.js';
import { padsOf, type Shape5 } from './conv3d-via-2d.js';
import type { WasmOps } from './wasm-ops.js';

/**
 * Conv3DBackpropFilterV2 for wasm (the stock one is wrong for stride > 1), one 2D filter gradient per
 * depth tap kd: dW[kd] = Conv2DBackpropFilter(x[:, d·sd + kd − front] for d < od, dy), with the od depth
 * slices of every batch item folded into the 2D batch. Folding depth into the batch gives the 2D
 * composition B·od input channels instead of B, which keeps XNNPACK efficient (a 3D conv with dy as a
 * [od,oh,ow,B,O] filter ran ~20× slower).
 */
export function conv3dBackpropFilterKernel(ops: WasmOps): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, filterShape } = attrs as unknown as tf.Conv3DBackpropFilterV2Attrs;
    const info = tf.backend_util.computeConv3DInfo(x.shape as Shape5, filterShape, strides, 1, pad);
    const [pads0, pads1, pads2] = padsOf(info);
    const [front, back] = pads0;
    // tfjs 3D 'same' can give a negative padding (kernel < stride): crop instead.
    const cropped = ops.cropNegative(x, [front, 0, 0], [back, 0, 0]);
    const padded =
      front > 0 || back > 0
        ? ops.pad(cropped, [
            [0, 0],
            [Math.max(0, front), Math.max(0, back)],
            [0, 0],
            [0, 0],
            [0, 0],
          ])
        : cropped;
    const [b, , h, w, c] = padded.shape as Shape5;
    const [, od, oh, ow, o] = dy.shape as Shape5;
    const [fd, fh, fw] = filterShape;
    const sd = info.strideDepth;
    const dy4 = ops.reshaped(dy, [b * od, oh, ow, o]);
    const taps: tf.TensorInfo[] = [];
    for (let kd = 0; kd < fd; kd++) {
      const slices =
        sd === 1
          ? ops.slice(padded, [0, kd, 0, 0, 0], [b, od, h, w, c])
          : ops.stridedSlice(
              padded,
              [0, kd, 0, 0, 0],
              [b, kd + (od - 1) * sd + 1, h, w, c],
              [1, sd, 1, 1, 1],
            );
      const tap = filterGrad2d(
        ops,
        ops.reshaped(slices, [b * od, h, w, c]),
        dy4,
        [info.strideHeight, info.strideWidth],
        [pads1, pads2],
        [fh, fw, c, o],
      );
      ops.free(slices);
      taps.push(ops.reshaped(tap, [1, fh, fw, c, o]));
    }
    if (padded !== cropped) ops.free(padded);
    if (cropped !== x) ops.free(cropped);
    if (taps.length === 1) return taps[0] as tf.TensorInfo;
    const dW = ops.concat(taps, 0);
    ops.free(...taps);
    return dW;
  };
  return { kernelName: tf.Conv3DBackpropFilterV2, backendName: 'wasm', kernelFunc };
}

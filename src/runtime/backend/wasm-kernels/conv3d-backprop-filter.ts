import * as tf from '@tensorflow/tfjs';
import { conv3dVia2d, padsOf, type Shape5 } from './conv3d-via-2d.js';
import type { WasmOps } from './wasm-ops.js';

/**
 * Conv3DBackpropFilterV2 for wasm (the stock one is wrong for stride > 1), as in 2D:
 * dW = Transpose(Conv3D(xᵀ, dyᵀ), [1,2,3,0,4]) with x → `[C,D,H,W,B]`, dy → `[od,oh,ow,B,O]`,
 * stride 1, dilation = forward stride, then the extra taps sliced away.
 */
export function conv3dBackpropFilterKernel(ops: WasmOps): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, filterShape } = attrs as unknown as tf.Conv3DBackpropFilterV2Attrs;
    const info = tf.backend_util.computeConv3DInfo(x.shape as Shape5, filterShape, strides, 1, pad);
    const xT = ops.transpose(x, [4, 1, 2, 3, 0]);
    const dyT = ops.transpose(dy, [1, 2, 3, 0, 4]);
    const full = conv3dVia2d(
      ops,
      xT,
      dyT,
      [1, 1, 1],
      [info.strideDepth, info.strideHeight, info.strideWidth],
      padsOf(info),
    );
    ops.free(xT, dyT);
    const [fd, fh, fw, c, o] = filterShape;
    const exact = ops.slice(full, [0, 0, 0, 0, 0], [c, fd, fh, fw, o]);
    ops.free(full);
    const dW = ops.transpose(exact, [1, 2, 3, 0, 4]);
    ops.free(exact);
    return dW;
  };
  return { kernelName: tf.Conv3DBackpropFilterV2, backendName: 'wasm', kernelFunc };
}

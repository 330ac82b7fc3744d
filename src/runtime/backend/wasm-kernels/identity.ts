import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Identity that shares the input's buffer (a reference count, as the cpu backend and the wasm Reshape do)
 * instead of copying it. tfjs-core clones every tensor a gradient saves (`saveTensorsForBackwardMode`) and
 * the stock wasm Identity copies, so during training each saved activation existed twice on the wasm heap:
 * with this kernel the 2015 net's training step at 572² fits in the 4 GiB heap. Tensors are immutable and a
 * variable's assign swaps buffers rather than writing in place, so sharing is safe.
 */
export const identityKernel: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const wasm = backend as BackendWasm;
    if (x.dtype === 'string') {
      return tf.tensor(wasm.readSync(x.dataId) as Uint8Array[], x.shape, x.dtype) as unknown as tf.TensorInfo;
    }
    wasm.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};

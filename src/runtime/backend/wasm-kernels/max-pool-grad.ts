import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { maxPoolGradLoop, type PoolGeometry } from './max-pool-grad-loop.js';

type Conv2DInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;
type Conv3DInfo = ReturnType<typeof tf.backend_util.computePool3DInfo>;

function heap(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

function runLoop(
  backend: BackendWasm,
  geometry: PoolGeometry,
  input: tf.TensorInfo,
  dy: tf.TensorInfo,
): tf.TensorInfo {
  if (input.dtype !== 'float32')
    throw new Error(`unetc wasm max-pool gradient needs float32, got ${input.dtype}`);
  // Allocate first: growing the heap would detach views taken before.
  const dx = backend.makeOutput(input.shape, 'float32');
  maxPoolGradLoop(geometry, heap(backend, input), heap(backend, dy), heap(backend, dx));
  return dx;
}

function geometry2d(info: Conv2DInfo): PoolGeometry {
  return {
    batch: info.batchSize,
    input: [1, info.inHeight, info.inWidth],
    output: [1, info.outHeight, info.outWidth],
    channels: info.inChannels,
    strides: [1, info.strideHeight, info.strideWidth],
    filter: [1, info.effectiveFilterHeight, info.effectiveFilterWidth],
    padBefore: [0, info.padInfo.top, info.padInfo.left],
    tie: 'first',
  };
}

function geometry3d(info: Conv3DInfo): PoolGeometry {
  return {
    batch: info.batchSize,
    input: [info.inDepth, info.inHeight, info.inWidth],
    output: [info.outDepth, info.outHeight, info.outWidth],
    channels: info.inChannels,
    strides: [info.strideDepth, info.strideHeight, info.strideWidth],
    filter: [info.effectiveFilterDepth, info.effectiveFilterHeight, info.effectiveFilterWidth],
    padBefore: [info.padInfo.front, info.padInfo.top, info.padInfo.left],
    tie: 'last',
  };
}

/** MaxPoolGrad for wasm, exact (see max-pool-grad-loop.ts for why the stock one is not). */
export const maxPoolGradKernel: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    return runLoop(backend as BackendWasm, geometry2d(info), input, dy);
  },
};

/** MaxPool3DGrad for wasm, exact. */
export const maxPool3dGradKernel: tf.KernelConfig = {
  kernelName: tf.MaxPool3DGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPool3DGradAttrs;
    const info = tf.backend_util.computePool3DInfo(
      input.shape as [number, number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    return runLoop(backend as BackendWasm, geometry3d(info), input, dy);
  },
};

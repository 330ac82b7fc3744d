import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputKernel } from './conv2d-backprop-input.js';
import { conv3dKernel } from './conv3d.js';
import { conv3dBackpropFilterKernel } from './conv3d-backprop-filter.js';
import { conv3dBackpropInputKernel } from './conv3d-backprop-input.js';
import { FilterCache, flipFilter, outputMajorFilter, type FilterCaches } from './filter-cache.js';
import { identityKernel } from './identity.js';
import { maxPool3dKernel } from './max-pool-3d.js';
import { sliceKernel, splitVKernel } from './slice.js';
import { maxPool3dGradKernel, maxPoolGradKernel } from './max-pool-grad.js';
import { WasmOps } from './wasm-ops.js';

/** Stock wasm kernels the compositions call; captured before anything is replaced. */
const BUILDING_BLOCKS = [
  'Conv2D',
  'MaxPool',
  'Transpose',
  'Slice',
  'StridedSlice',
  'PadV2',
  'Reverse',
  'Add',
  'Identity',
  'Concat',
  'BatchMatMul',
];

export interface WasmKernelsHandle {
  /** Kernel names now served by unetc's compositions. */
  readonly replaced: readonly string[];
  readonly caches: FilterCaches;
}

let installed: WasmKernelsHandle | undefined;

/**
 * Replaces the wasm kernels that are missing, slow or wrong for training (see the module docs of each kernel)
 * with compositions over stock XNNPACK-backed ones. Needs the wasm backend to be initialised (its kernels'
 * setup has run); idempotent.
 */
export function registerWasmKernels(): WasmKernelsHandle {
  if (installed !== undefined) return installed;
  const backend = tf.findBackend('wasm') as BackendWasm | null;
  if (backend === null)
    throw new Error('the wasm backend must be initialised before registering unetc kernels');
  const ops = new WasmOps(backend);
  for (const name of BUILDING_BLOCKS) ops.capture(name);
  const caches: FilterCaches = {
    flipped: new FilterCache(ops, flipFilter),
    outputMajor: new FilterCache(ops, outputMajorFilter),
  };
  const configs = [
    conv2dBackpropFilterKernel(ops),
    conv2dBackpropInputKernel(ops, caches),
    conv3dKernel(ops),
    conv3dBackpropInputKernel(ops, caches),
    conv3dBackpropFilterKernel(ops),
    identityKernel,
    maxPoolGradKernel,
    maxPool3dKernel(ops),
    maxPool3dGradKernel,
    sliceKernel(ops),
    splitVKernel(ops),
  ];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, 'wasm') !== undefined) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  installed = { replaced: configs.map((c) => c.kernelName), caches };
  return installed;
}

import type { ModelSummary } from '../../compiler/ir/checked-model.js';

/** wasm32 addresses at most 4 GiB; the tfjs wasm backend keeps every tensor in that one heap. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;

/**
 * Heap bytes per byte of activations: tfjs' tape keeps every saved activation and every
 * activation gradient until the step's backward pass ends, and dlmalloc never returns the heap.
 */
export const WASM_ACTIVATION_FACTOR = 4.2;

/** Heap bytes per byte of parameters: weights, gradients, optimizer state, cached flipped filters. */
export const WASM_PARAMETER_FACTOR = 4;

/** The backend's own heap and XNNPACK's buffers. */
export const WASM_FIXED_BYTES = 128 * 2 ** 20;

/**
 * Bytes a training step needs on the wasm heap, estimated from the checker's summary.
 * Measured with conv + bias + ReLU fused (src/runtime/train/fused-conv.ts) and the buffer-sharing wasm
 * Identity: the 2015 net at 572² (774 MiB of activations, 118 MiB of weights) peaks at 3,365 MiB of heap
 * for forward + backward, the bench's 188² net (≈32 MiB) at 207 MiB. The runtime's out-of-memory catch
 * stays as the backstop.
 */
export function estimateWasmTrainingBytes(summary: ModelSummary): number {
  return (
    WASM_ACTIVATION_FACTOR * summary.trainingActivationBytes +
    WASM_PARAMETER_FACTOR * summary.paramBytes +
    WASM_FIXED_BYTES
  );
}

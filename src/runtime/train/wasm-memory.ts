import type { ModelSummary } from '../../compiler/ir/checked-model.js';

/** wasm32 addresses at most 4 GiB; the tfjs wasm backend keeps every tensor in that one heap. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;

/**
 * Bytes a training step needs on the wasm heap, estimated from the checker's summary:
 * 4.2 × activations + 4 × parameters (weights, gradients, optimizer state, cached flipped filters)
 * + 128 MiB (the backend's own heap and XNNPACK's buffers). tfjs' tape keeps every saved activation and
 * every activation gradient until the step's backward pass ends, and dlmalloc never returns the heap.
 * Measured with conv + bias + ReLU fused (src/runtime/train/fused-conv.ts) and the buffer-sharing wasm
 * Identity: the 2015 net at 572² (774 MiB of activations, 118 MiB of weights) peaks at 3,365 MiB of heap
 * for forward + backward, the bench's 188² net (≈32 MiB) at 207 MiB. The runtime's out-of-memory catch
 * stays as the backstop.
 */
export function estimateWasmTrainingBytes(summary: ModelSummary): number {
  return 4.2 * summary.trainingActivationBytes + 4 * summary.paramBytes + 128 * 2 ** 20;
}

import type { ModelSummary } from '../../compiler/ir/checked-model.js';

/** wasm32 addresses at most 4 GiB; the tfjs wasm backend keeps every tensor in that one heap. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;

/**
 * Bytes a training step needs on the wasm heap, estimated from the checker's summary:
 * 5 × activations (tfjs-layers keeps the conv, bias-add and activation outputs as separate tensors
 * during training, and backprop holds gradients of the same size alongside) + 4 × parameters
 * (weights, gradients, optimizer state, cached flipped filters). The factors are what made the
 * 2015 net at 572² (774 MiB of activations) exhaust the heap in bench/RESULTS.md while the ISBI
 * example (69 MiB) trains in ~0.4 GiB; the runtime's out-of-memory catch stays as the backstop.
 */
export function estimateWasmTrainingBytes(summary: ModelSummary): number {
  return 5 * summary.trainingActivationBytes + 4 * summary.paramBytes;
}

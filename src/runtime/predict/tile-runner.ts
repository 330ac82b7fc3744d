import type { Plan } from '../../compiler/emit/training-plan.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';

/**
 * What overlap-tile inference asks of an inference engine: run a batch of tiles. tfjs
 * (tfjs-runner.ts) and onnxruntime (src/runtime/onnx/) both implement it, so tiling, TTA and
 * stitching are written once.
 */
export interface TileRunner {
  /** Engine name for messages, e.g. "tfjs" or "onnxruntime". */
  readonly engine: string;
  /**
   * Class probabilities of the main output for `count` input tiles packed channels-last in `x`
   * ([count, ...tile, C]); returns [count, ...outputTile, K] channels-last. A linear head's
   * logits are turned into probabilities (softmax, or sigmoid for one channel).
   */
  run(x: Float32Array, count: number): Promise<Float32Array>;
  /** Every variable by its tfjs name, in the tfjs layout (retiling carries them over). */
  weights(): Map<string, Float32Array>;
  /**
   * The same weights on `model` — the network re-checked at another tile size (the full graph;
   * pruned here if `plan.provenance.prune` says so). Returns the new runner and its plan.
   */
  resized(model: CheckedModel, provenance: Plan['provenance']): Promise<{ runner: TileRunner; plan: Plan }>;
  dispose(): void;
}

/** In-place softmax over the last axis (k channels), or sigmoid when k is 1: a linear head's probabilities. */
export function probabilitiesInPlace(data: Float32Array, k: number): Float32Array {
  if (k === 1) {
    for (let i = 0; i < data.length; i++) data[i] = 1 / (1 + Math.exp(-data[i]!));
    return data;
  }
  for (let base = 0; base < data.length; base += k) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, data[base + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += data[base + c] = Math.exp(data[base + c]! - max);
    for (let c = 0; c < k; c++) data[base + c]! /= sum;
  }
  return data;
}

import type * as tf from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops.js';

type Transform = (ops: WasmOps, filter: tf.TensorInfo) => tf.TensorInfo;

/**
 * Rearranged copies of conv filters (flipped for input gradients, output-major for kernel = stride
 * transposed convs), keyed by the filter's data id. tfjs data is immutable (a variable update gets a new
 * data id), so an entry stays valid while its source is alive; entries whose source was disposed are
 * dropped on the next miss, and at most `capacity` copies are held. Repeated use of the same weights
 * (inference over many tiles) then skips the rearrangement; training steps pay it once per filter.
 */
export class FilterCache {
  private readonly entries = new Map<object, { shape: string; value: tf.TensorInfo }>();

  constructor(
    private readonly ops: WasmOps,
    private readonly transform: Transform,
    private readonly capacity = 8,
  ) {}

  get(filter: tf.TensorInfo): tf.TensorInfo {
    const key = filter.dataId as object;
    const shape = filter.shape.join(',');
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.shape === shape) return hit.value;
    this.evictDead();
    const value = this.transform(this.ops, filter);
    if (hit !== undefined) this.drop(key);
    if (this.entries.size >= this.capacity) this.drop(this.entries.keys().next().value as object);
    this.entries.set(key, { shape, value });
    return value;
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.drop(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private evictDead(): void {
    for (const key of [...this.entries.keys()]) {
      if (!this.ops.backend.dataIdMap.has(key)) this.drop(key);
    }
  }

  private drop(key: object): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) this.ops.free(entry.value);
    this.entries.delete(key);
  }
}

/** `[f1..fn, C, O]` → reversed along f1..fn with the last two axes swapped: `[f1..fn, O, C]`. */
export const flipFilter: Transform = (ops, filter) => {
  const rank = filter.shape.length;
  const spatial = Array.from({ length: rank - 2 }, (_, i) => i);
  const reversed = ops.reverse(filter, spatial);
  const flipped = ops.transpose(reversed, [...spatial, rank - 1, rank - 2]);
  ops.free(reversed);
  return flipped;
};

/** `[f1..fn, C, O]` → `[1, 1, O, f1·…·fn·C]`: a 1×1 conv filter producing every tap's output at once. */
export const outputMajorFilter: Transform = (ops, filter) => {
  const rank = filter.shape.length;
  const o = filter.shape[rank - 1] as number;
  const t = ops.transpose(filter, [rank - 1, ...Array.from({ length: rank - 1 }, (_, i) => i)]);
  return ops.reshaped(t, [1, 1, o, filter.shape.slice(0, -1).reduce((a, b) => a * b, 1)]);
};

export interface FilterCaches {
  flipped: FilterCache;
  outputMajor: FilterCache;
}

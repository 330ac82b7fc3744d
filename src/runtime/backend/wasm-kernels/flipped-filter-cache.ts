import type * as tf from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops.js';

/**
 * Spatially flipped, in/out-swapped copies of conv filters, keyed by the filter's data id.
 * tfjs data is immutable (a variable update gets a new data id), so an entry is valid for as long as its
 * source is alive; entries whose source was disposed are dropped on the next lookup, and the cache is
 * bounded, so it never holds more than `capacity` extra filters. Repeated use of the same weights
 * (inference over many tiles, Conv2DTranspose forward + its input gradient) then skips the flip.
 */
export class FlippedFilterCache {
  private readonly entries = new Map<object, tf.TensorInfo>();

  constructor(
    private readonly ops: WasmOps,
    private readonly capacity = 8,
  ) {}

  /** Filter `[f1..fn, C, O]` → reversed along f1..fn, last two axes swapped: `[f1..fn, O, C]`. */
  get(filter: tf.TensorInfo): tf.TensorInfo {
    const key = filter.dataId as object;
    const hit = this.entries.get(key);
    if (hit !== undefined && sameShape(hit, filter)) return hit;
    this.evictDead();
    const rank = filter.shape.length;
    const spatial = Array.from({ length: rank - 2 }, (_, i) => i);
    const reversed = this.ops.reverse(filter, spatial);
    const flipped = this.ops.transpose(reversed, [...spatial, rank - 1, rank - 2]);
    this.ops.free(reversed);
    if (hit !== undefined) this.drop(key);
    if (this.entries.size >= this.capacity) this.drop(this.entries.keys().next().value as object);
    this.entries.set(key, flipped);
    return flipped;
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
    if (entry !== undefined) this.ops.free(entry);
    this.entries.delete(key);
  }
}

function sameShape(flipped: tf.TensorInfo, filter: tf.TensorInfo): boolean {
  const n = filter.shape.length;
  return (
    flipped.shape.length === n &&
    filter.shape.slice(0, n - 2).every((d, i) => flipped.shape[i] === d) &&
    flipped.shape[n - 2] === filter.shape[n - 1] &&
    flipped.shape[n - 1] === filter.shape[n - 2]
  );
}

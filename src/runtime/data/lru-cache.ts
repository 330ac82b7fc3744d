/**
 * Least-recently-used cache bounded by a byte budget (not an entry count: one 3D volume can
 * outweigh a thousand 2D slices). Concurrent loads of one key share a single promise.
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private readonly pending = new Map<string, Promise<V>>();
  private used = 0;

  constructor(
    private readonly budget: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recent last
      return hit.value;
    }
    const inFlight = this.pending.get(key);
    if (inFlight !== undefined) return inFlight;
    const promise = load().then(
      (value) => {
        this.pending.delete(key);
        this.insert(key, value);
        return value;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, promise);
    return promise;
  }

  private insert(key: string, value: V): void {
    const bytes = this.sizeOf(value);
    if (bytes > this.budget) return; // larger than the whole budget: use once, keep nothing
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.budget) break;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
  }
}

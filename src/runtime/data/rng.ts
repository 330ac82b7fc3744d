/**
 * Seeded, splittable PRNG: sfc32 (Small Fast Counting, 128-bit state, passes PractRand) with a
 * Gaussian via Box–Muller. Determinism across worker counts comes from *deriving* a stream per
 * (seed, epoch, index, …) with `Rng.derive` instead of sharing one sequential stream.
 */
export type RngState = readonly [number, number, number, number];

/** splitmix32-style finaliser: a bijective avalanche on 32-bit integers. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Fold numbers (integers or strings' char codes) into a 32-bit hash, order-sensitive. */
function hashKey(parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === 'number') {
      // Split into two 32-bit halves so seeds above 2^32 still differ.
      h = mix32(h ^ (part >>> 0));
      h = mix32(h ^ Math.floor(part / 4294967296));
    } else for (let i = 0; i < part.length; i++) h = mix32(h ^ part.charCodeAt(i));
    h = mix32(h ^ 0x5bd1e995);
  }
  return h;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(state: RngState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** A fresh stream for `seed`; `derive` for sub-streams. */
  static fromSeed(seed: number): Rng {
    return Rng.derive(seed);
  }

  /** An independent stream keyed by (seed, ...path), e.g. derive(seed, 'sample', epoch, index). */
  static derive(seed: number, ...path: (number | string)[]): Rng {
    const h = hashKey([seed, ...path]);
    const rng = new Rng([mix32(h), mix32(h ^ 0x1b873593), mix32(h ^ 0xcc9e2d51), 1]);
    for (let i = 0; i < 12; i++) rng.nextUint32(); // warm-up, as sfc32 recommends
    return rng;
  }

  static fromState(state: RngState): Rng {
    return new Rng(state);
  }

  /** Serialisable state, for resuming a run exactly. */
  state(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** A child stream; advances this one, so children of successive calls differ. */
  split(): Rng {
    return Rng.derive(this.nextUint32(), this.nextUint32());
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p >= 1 || (p > 0 && this.next() < p);
  }

  /** Standard normal (Box–Muller; the spare value is dropped so the state stays 4 words). */
  gaussian(mean = 0, std = 1): number {
    let u = this.next();
    while (u <= 0) u = this.next();
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/runtime/data/rng.js';

describe('Rng', () => {
  it('is reproducible per seed and differs between seeds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const a = Rng.fromSeed(seed);
        const b = Rng.fromSeed(seed);
        const xs = Array.from({ length: 8 }, () => a.nextUint32());
        expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(xs);
        const c = Rng.fromSeed(seed + 1);
        expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(xs);
      }),
    );
  });

  it('resumes exactly from a saved state', () => {
    const rng = Rng.derive(7, 'x', 3);
    for (let i = 0; i < 100; i++) rng.next();
    const state = rng.state();
    const expected = Array.from({ length: 20 }, () => rng.gaussian());
    const resumed = Rng.fromState(JSON.parse(JSON.stringify(state)) as typeof state);
    expect(Array.from({ length: 20 }, () => resumed.gaussian())).toEqual(expected);
  });

  it('derives distinct streams per path', () => {
    const first = (r: Rng): number => r.nextUint32();
    const seen = new Set<number>();
    for (let e = 0; e < 10; e++) for (let i = 0; i < 100; i++) seen.add(first(Rng.derive(1, e, i)));
    expect(seen.size).toBe(1000);
  });

  it('draws uniform [0,1) and standard normal values', () => {
    const rng = Rng.fromSeed(123);
    const n = 40000;
    let sum = 0;
    let sq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const g = rng.gaussian();
      sum += g;
      sq += g * g;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.sqrt(sq / n)).toBeCloseTo(1, 1);
    const perm = Array.from(rng.permutation(50)).sort((a, b) => a - b);
    expect(perm).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

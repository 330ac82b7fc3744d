import { join } from 'node:path';
import { readdir, writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage } from '../../src/runtime/data/image.js';
import { mapMaskToClasses } from '../../src/runtime/data/class-map.js';
import { readImage } from '../../src/runtime/data/read-image.js';
import { Rng } from '../../src/runtime/data/rng.js';
import { cachedWeightMap, weightMapKey } from '../../src/runtime/data/weight-map/cache.js';
import { computeWeightMap } from '../../src/runtime/data/weight-map/weight-map.js';
import { ISBI_DIR, tempDir } from './helpers.js';

const paper = { w0: 10, sigma: 5, classBalance: false, foreground: [1] };

/** 40×40 label with two 6×6 squares (class 1) whose facing edges are `gap` pixels apart. */
function twoSquares(gap: number) {
  const label = makeImage([40, 40, 1]);
  const put = (y0: number, x0: number): void => {
    for (let y = y0; y < y0 + 6; y++) for (let x = x0; x < x0 + 6; x++) label.data[y * 40 + x] = 1;
  };
  put(17, 10);
  put(17, 10 + 6 + gap);
  return label;
}

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

describe('weight map w = w_c + w0·exp(−(d1+d2)²/(2σ²))', () => {
  for (const gap of [1, 2, 4, 7]) {
    it(`matches the formula between two squares ${gap} px apart`, () => {
      const w = computeWeightMap(twoSquares(gap), paper);
      // A pixel in the gap on the squares' centre row: d1 + d2 = gap + 1 (pixel-centre distances).
      const x = 16;
      const expected = 1 + 10 * Math.exp(-((gap + 1) ** 2) / 50);
      expect(w.data[19 * 40 + x]).toBeCloseTo(expected, 5);
      // Inside a cell only w_c.
      expect(w.data[19 * 40 + 12]).toBe(1);
      // A pixel above the gap: d1 = d2 = √(dy² + dx²) to the squares' nearest corners.
      const y = 12;
      const d1 = Math.hypot(17 - y, 16 - 15);
      const d2 = Math.hypot(17 - y, 16 + gap - 16);
      const expectedAbove = 1 + 10 * Math.exp(-((d1 + d2) ** 2) / 50);
      expect(w.data[y * 40 + 16]).toBeCloseTo(expectedAbove, 5);
    });
  }

  it('needs two cells for a border term; touching cells separate only by label', () => {
    const one = makeImage([20, 20, 1]);
    one.data.fill(1, 0, 100);
    const w = computeWeightMap(one, paper);
    expect(new Set(w.data)).toEqual(new Set([1]));
  });

  it('balances class frequencies (mean 1, equal total per class) and zeroes ignored pixels', () => {
    const label = twoSquares(3);
    label.data[0] = -1;
    const w = computeWeightMap(label, { ...paper, w0: 0, classBalance: true });
    const n1 = 72;
    const n0 = 1600 - 72 - 1;
    expect(w.data[0]).toBe(0);
    expect(w.data[19 * 40 + 12]).toBeCloseTo(1599 / (2 * n1), 5);
    expect(w.data[5]).toBeCloseTo(1599 / (2 * n0), 5);
  });

  it('is exact (within tolerance) against a full per-cell computation on a real ISBI label', async () => {
    const raw = await readImage(join(ISBI_DIR, 'label/3.png'));
    const label = mapMaskToClasses(
      raw,
      [
        { value: 0, classIndex: 0, name: 'membrane' },
        { value: 255, classIndex: 1, name: 'cell' },
      ],
      null,
      'label/3.png',
    );
    const fast = computeWeightMap(label, paper);
    const full = computeWeightMap(label, { ...paper, tolerance: 1e-30, method: 'boxes' });
    let maxErr = 0;
    for (let i = 0; i < fast.data.length; i++)
      maxErr = Math.max(maxErr, Math.abs(fast.data[i]! - full.data[i]!));
    expect(maxErr).toBeLessThan(1e-5);
    const max = fast.data.reduce((m, v) => Math.max(m, v), 0);
    expect(max).toBeGreaterThan(5); // thin membranes between cells get a strong border weight
    expect(max).toBeLessThanOrEqual(11);
  });

  it('2D separable scans equal per-cell box EDTs on random labels (incl. ignore pixels)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1e6 }),
        (h, w, seed) => {
          const rng = Rng.fromSeed(seed);
          const label = makeImage([h, w, 1]);
          for (let i = 0; i < h * w; i++) label.data[i] = rng.chance(0.05) ? -1 : rng.chance(0.45) ? 1 : 0;
          const params = { w0: 10, sigma: 3, classBalance: true, foreground: [1] };
          const fast = computeWeightMap(label, params);
          const boxes = computeWeightMap(label, { ...params, method: 'boxes' });
          expect(Array.from(fast.data)).toEqual(Array.from(boxes.data));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('caches on disk keyed by label content and parameters', async () => {
    const label = twoSquares(2);
    const a = await cachedWeightMap(label, paper, dir);
    expect((await readdir(dir)).filter((f) => f.endsWith('.wmap'))).toHaveLength(1);
    const again = await cachedWeightMap(label, paper, dir);
    expect(Array.from(again.data)).toEqual(Array.from(a.data));
    // Corrupt the entry: it is recomputed, not trusted.
    await writeFile(join(dir, `${weightMapKey(label, paper)}.wmap`), new Uint8Array(10));
    expect(Array.from((await cachedWeightMap(label, paper, dir)).data)).toEqual(Array.from(a.data));
    // Changed parameters or label → different key.
    expect(weightMapKey(label, { ...paper, sigma: 4 })).not.toBe(weightMapKey(label, paper));
    const changed = twoSquares(3);
    expect(weightMapKey(changed, paper)).not.toBe(weightMapKey(label, paper));
    await cachedWeightMap(label, { ...paper, w0: 5 }, dir);
    expect((await readdir(dir)).filter((f) => f.endsWith('.wmap'))).toHaveLength(2);
  });
});

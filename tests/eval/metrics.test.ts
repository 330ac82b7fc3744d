import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectedComponents } from '../../src/runtime/data/connected-components.js';
import { evaluateImage, summarise, type LabelImage } from '../../src/runtime/eval/evaluate.js';
import { segmentationScores } from '../../src/runtime/eval/segmentation-scores.js';

// Class 0 = membrane, 1 = cell (ISBI: mask 0 / 255).
const M = 0;
const C = 1;
const options = { classes: 2, foreground: [1] };
const image = (rows: number[][]): LabelImage => ({
  shape: [rows.length, rows[0]!.length],
  data: rows.flat(),
});

describe('connected components', () => {
  it('separates diagonal neighbours with face connectivity and joins them with full', () => {
    const mask = [1, 0, 0, 1];
    expect(connectedComponents(mask, [2, 2], 'face').count).toBe(2);
    expect(connectedComponents(mask, [2, 2], 'full').count).toBe(1);
  });
  it('numbers components in raster order and follows U-shaped objects', () => {
    const mask = [1, 0, 1, 1, 0, 1, 1, 1, 1];
    const { labels, count } = connectedComponents(mask, [3, 3]);
    expect(count).toBe(1);
    expect([...labels]).toEqual([1, 0, 1, 1, 0, 1, 1, 1, 1]);
    const two = connectedComponents([0, 1, 0, 1, 0, 1], [2, 3]);
    expect([...two.labels]).toEqual([0, 1, 0, 2, 0, 3]);
  });
  it('links slices in 3D', () => {
    // Two 2×2 slices; pixels (0,0,0) and (1,0,0) touch across slices.
    const mask = [1, 0, 0, 0, 1, 0, 0, 0];
    expect(connectedComponents(mask, [2, 2, 2]).count).toBe(1);
    expect(connectedComponents([1, 0, 0, 0, 0, 0, 0, 1], [2, 2, 2], 'full').count).toBe(1);
    expect(connectedComponents([1, 0, 0, 0, 0, 0, 0, 1], [2, 2, 2], 'face').count).toBe(2);
  });
});

describe('evaluateImage', () => {
  it('scores an identical prediction as zero error', () => {
    const truth = image([
      [C, C, M, C],
      [C, C, M, C],
      [M, M, M, M],
    ]);
    const result = evaluateImage('a', truth, truth, options);
    expect(result.pixelError).toBe(0);
    expect(result.segmentation.randError).toBe(0);
    expect(result.segmentation.infoError).toBe(0);
    expect(result.truthObjects).toBe(2);
    expect(result.perClass.map((c) => c.iou)).toEqual([1, 1]);
    expect(result.perClass.map((c) => c.dice)).toEqual([1, 1]);
  });

  it('scores a merge of two cells (hand-computed)', () => {
    // Truth: cells {0,1} and {3,4}, membrane at 2. Prediction: one cell over all five pixels.
    const result = evaluateImage('merge', image([[C, C, M, C, C]]), image([[C, C, C, C, C]]), options);
    // Restricted to the 4 truth-cell pixels: n = [[2],[2]], Σn² = 8, Σt² = 8, Σs² = 16.
    expect(result.segmentation.pixels).toBe(4);
    expect(result.segmentation.randSplit).toBeCloseTo(1, 12);
    expect(result.segmentation.randMerge).toBeCloseTo(0.5, 12);
    expect(result.segmentation.randError).toBeCloseTo(1 - 16 / 24, 12);
    // H(T) = 1 bit, H(S) = 0, I = 0 → V_info = 0.
    expect(result.segmentation.infoError).toBeCloseTo(1, 12);
    expect(result.segmentation.infoSplit).toBe(1);
    expect(result.segmentation.infoMerge).toBe(0);
    expect(result.pixelError).toBeCloseTo(1 / 5, 12);
    // Membrane: TP 0, FN 1 → IoU 0; cell: TP 4, FP 1 → IoU 4/5, Dice 8/9.
    expect(result.perClass[0]!.iou).toBe(0);
    expect(result.perClass[1]!.iou).toBeCloseTo(4 / 5, 12);
    expect(result.perClass[1]!.dice).toBeCloseTo(8 / 9, 12);
  });

  it('scores a split of one cell, predicted membrane pixels counting as singletons', () => {
    const result = evaluateImage('split', image([[C, C, C, C]]), image([[C, C, M, C]]), options);
    // Predicted objects: {0,1} (2 px), {3} (1 px), pixel 2 = singleton. Σn² = 4+1+1, Σt² = 16, Σs² = 6.
    expect(result.predictedObjects).toBe(2);
    expect(result.segmentation.randSplit).toBeCloseTo(6 / 16, 12);
    expect(result.segmentation.randMerge).toBeCloseTo(1, 12);
    expect(result.segmentation.randError).toBeCloseTo(1 - 12 / 22, 12);
    // H(T) = 0, H(S) = 1.5 bits, I = 0.
    expect(result.segmentation.infoSplit).toBe(0);
    expect(result.segmentation.infoMerge).toBe(1);
    expect(result.segmentation.variationOfInformation).toBeCloseTo(1.5, 12);
  });

  it('ignores truth pixels marked −1 and images without cells', () => {
    const truth = image([[C, -1, M]]);
    const result = evaluateImage('ignore', truth, image([[C, M, C]]), options);
    expect(result.overlap.pixels).toBe(2);
    expect(result.pixelError).toBeCloseTo(1 / 2, 12);
    const empty = evaluateImage('empty', image([[M, M]]), image([[M, M]]), options);
    expect(empty.segmentation.randError).toBeNull();
    expect(empty.perClass[1]!.iou).toBeNull();
    const totals = summarise([result, empty], 2);
    expect(totals.images).toBe(2);
    expect(totals.pixelError).toBeCloseTo(1 / 4, 12);
    expect(totals.randError).toBe(result.segmentation.randError);
  });

  it('refuses maps of different shapes', () => {
    expect(() => evaluateImage('x', image([[C, C]]), image([[C], [C]]), options)).toThrow(/1×2/);
  });
});

/** Brute-force pair counting over ordered pixel pairs (self-pairs included: the n² normalisation). */
function bruteForceRand(truth: number[], pred: number[]): number | null {
  const pixels = truth.map((t, i) => (t > 0 ? i : -1)).filter((i) => i >= 0);
  if (pixels.length === 0) return null;
  let both = 0;
  let sameT = 0;
  let sameS = 0;
  for (const a of pixels) {
    for (const b of pixels) {
      const t = truth[a] === truth[b];
      const s = a === b || (pred[a]! > 0 && pred[a] === pred[b]);
      if (t) sameT++;
      if (s) sameS++;
      if (t && s) both++;
    }
  }
  return 1 - (2 * both) / (sameT + sameS);
}

describe('properties', () => {
  const labelMap = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 });
  it('Rand error equals brute-force pair counting', () => {
    fc.assert(
      fc.property(labelMap, labelMap, (t, p) => {
        const n = Math.min(t.length, p.length);
        const truth = t.slice(0, n);
        const pred = p.slice(0, n);
        const expected = bruteForceRand(truth, pred);
        const actual = segmentationScores(truth, pred).randError;
        if (expected === null) return actual === null;
        return actual !== null && Math.abs(actual - expected) < 1e-12;
      }),
    );
  });
  it('errors lie in [0, 1] and self-comparison scores 0', () => {
    const grid = fc.array(fc.constantFrom(0, 1), { minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(grid, grid, (t, p) => {
        const truth = { shape: [3, 4], data: t };
        const result = evaluateImage('p', truth, { shape: [3, 4], data: p }, options);
        const self = evaluateImage('s', truth, truth, options);
        const errors = [result.pixelError, result.segmentation.randError, result.segmentation.infoError];
        const inRange = errors.every((e) => e === null || (e >= -1e-12 && e <= 1 + 1e-12));
        const zero = [self.pixelError, self.segmentation.randError, self.segmentation.infoError].every(
          (e) => e === null || Math.abs(e) < 1e-12,
        );
        return inRange && zero;
      }),
    );
  });
});

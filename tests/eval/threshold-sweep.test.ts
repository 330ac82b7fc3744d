import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { evaluateImage, summarise } from '../../src/runtime/eval/evaluate.js';
import { sweepImagesOf } from '../../src/runtime/eval/eval-files.js';
import { foregroundFromProbabilities } from '../../src/runtime/eval/probability-files.js';
import { sweepThresholds, ISBI_THRESHOLDS } from '../../src/runtime/eval/threshold-sweep.js';
import { writeGrayPng } from '../support/gray-png.js';
import { runCli as run } from '../support/run-cli.js';

// One row: cell, cell, membrane, cell, cell (class 1 = cell = foreground, 0 = membrane).
const truth = { shape: [1, 5], data: [1, 1, 0, 1, 1] };

describe('ISBI threshold sweep', () => {
  it('takes each error at its best threshold of P(foreground)', () => {
    // p > 0.3 gets the membrane right (pixel error 0); p > 0.5 also drops the cell pixel at 0.5.
    const result = sweepThresholds([{ name: 'a', truth, foreground: [0.9, 0.5, 0.25, 0.8, 0.95] }], {
      foregroundClasses: [1],
      classes: 2,
    });
    expect(result.rows.map((r) => r.threshold)).toEqual(ISBI_THRESHOLDS);
    const at = (t: number) => result.rows.find((r) => Math.abs(r.threshold - t) < 1e-9)!;
    // t = 0.2: all 5 predicted cell → TP 4, FP 1: F = 8/9.
    expect(at(0.2).pixelError).toBeCloseTo(1 - 8 / 9, 12);
    // t = 0.3: exact → 0; the two cells stay apart → Rand error 0.
    expect(at(0.3).pixelError).toBe(0);
    expect(at(0.3).randError).toBeCloseTo(0, 12);
    // t = 0.5: 0.5 is not > 0.5 → TP 3, FN 1: F = 6/7.
    expect(at(0.5).pixelError).toBeCloseTo(1 - 6 / 7, 12);
    // t = 1: nothing is foreground → F = 0.
    expect(at(1).pixelError).toBe(1);
    expect(result.best.pixelError).toEqual({ value: 0, threshold: 0.3 });
    expect(result.best.randError?.value).toBeCloseTo(0, 12);
  });

  it('agrees with the label-map pixel error (1 − F of the foreground) for a binary map', () => {
    const predicted = [1, 1, 1, 1, 0];
    const image = evaluateImage(
      'a',
      truth,
      { shape: [1, 5], data: predicted },
      { classes: 2, foreground: [1] },
    );
    const totals = summarise([image], 2, [1]);
    // TP 3, FP 1 (the membrane), FN 1: F = 6/8.
    expect(totals.foregroundPixelError).toBeCloseTo(1 - 6 / 8, 12);
    const sweep = sweepThresholds([{ name: 'a', truth, foreground: predicted }], {
      foregroundClasses: [1],
      classes: 2,
      thresholds: [0],
    });
    expect(sweep.best.pixelError.value).toBeCloseTo(totals.foregroundPixelError!, 12);
    expect(sweep.best.randError?.value).toBeCloseTo(image.segmentation.randError!, 12);
  });

  it('ignores truth pixels outside the classes', () => {
    const withIgnored = { shape: [1, 5], data: [1, 1, -1, 1, 1] };
    const result = sweepThresholds([{ name: 'a', truth: withIgnored, foreground: [1, 1, 1, 1, 1] }], {
      foregroundClasses: [1],
      classes: 2,
      thresholds: [0.5],
    });
    expect(result.best.pixelError.value).toBe(0);
  });
});

/** A one-row 16-bit probability map, 0–1 → 0–65535 as `unetc predict --probabilities` writes it. */
const png16 = (path: string, values: number[]) =>
  writeGrayPng(path, [values.map((v) => Math.round(v * 65535))], 16);
const png8 = (path: string, values: number[]) => writeGrayPng(path, [values]);

describe('unetc eval with probability maps', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'unetc-sweep-'));
    mkdirSync(join(dir, 'pred'));
    mkdirSync(join(dir, 'truth'));
    png8(join(dir, 'truth', 'a.png'), [255, 255, 0, 255, 255]);
    // argmax labels get the membrane wrong; the probability of "cell" at threshold 0.3 gets it right.
    png8(join(dir, 'pred', 'a.png'), [255, 255, 255, 255, 255]);
    png16(join(dir, 'pred', 'a.prob-cell.png'), [0.9, 0.7, 0.55, 0.8, 0.95]);
    png16(join(dir, 'pred', 'a.prob-membrane.png'), [0.1, 0.3, 0.45, 0.2, 0.05]);
  });
  afterEach(() => vi.restoreAllMocks());

  const args = () => [
    'eval',
    '--pred',
    join(dir, 'pred'),
    '--truth',
    join(dir, 'truth'),
    '--classes',
    'membrane=0,cell=255',
  ];

  it('reports the challenge scores at the best threshold of the foreground map', async () => {
    const r = await run([...args(), '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      totals: { foregroundPixelError: number };
      isbiThresholdSweep: { best: { pixelError: { value: number; threshold: number } } };
    };
    expect(report.totals.foregroundPixelError).toBeCloseTo(1 - 8 / 9, 10);
    expect(report.isbiThresholdSweep.best.pixelError.value).toBe(0);
    expect(report.isbiThresholdSweep.best.pixelError.threshold).toBeCloseTo(0.6, 10);
    const text = await run(args());
    expect(text.out).toContain('ISBI 2012 scores of the foreground probability maps');
    expect(text.out).toMatch(/pixel error 0\.0000 \(threshold 0\.6\)/);
  });

  it('says which image lacks a probability map when others have one', async () => {
    png8(join(dir, 'truth', 'b.png'), [255, 0, 255, 255, 255]);
    png8(join(dir, 'pred', 'b.png'), [255, 0, 255, 255, 255]);
    const r = await run(args());
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('no probability map for');
    expect(r.err).toContain('b.png');
  });
});

describe('probability maps in, sweep images out', () => {
  const options = {
    classes: [
      { value: 0, classIndex: 0, name: 'bg' },
      { value: 1, classIndex: 1, name: 'a' },
      { value: 2, classIndex: 2, name: 'b' },
    ],
    foreground: [1, 2],
    ignoreValue: null,
    connectivity: 'face' as const,
    volumes: 'slices' as const,
  };

  it('sums the foreground classes, and reads one sigmoid channel as P(class 1)', () => {
    const probs = { shape: [1, 2, 3], data: Float32Array.from([0.2, 0.5, 0.3, 0.6, 0.1, 0.3]) };
    expect(Array.from(foregroundFromProbabilities(probs, [1, 2]).data)).toEqual([
      expect.closeTo(0.8, 6),
      expect.closeTo(0.4, 6),
    ]);
    const sigmoid = { shape: [1, 2, 1], data: Float32Array.from([0.25, 0.75]) };
    expect(Array.from(foregroundFromProbabilities(sigmoid, [1]).data)).toEqual([0.25, 0.75]);
  });

  it('splits a stack into slices unless volumes are scored in 3D', () => {
    const truth = { shape: [2, 1, 2, 1], data: Float32Array.from([0, 1, 2, 0]) };
    const probability = { shape: [2, 1, 2, 1], data: Float32Array.from([0.1, 0.9, 0.8, 0.2]) };
    const slices = sweepImagesOf('v', truth, probability, options);
    expect(slices.map((s) => s.name)).toEqual(['v[0]', 'v[1]']);
    expect(slices[1]!.truth.shape).toEqual([1, 2]);
    expect(Array.from(slices[1]!.foreground)).toEqual([expect.closeTo(0.8, 6), expect.closeTo(0.2, 6)]);
    const volume = sweepImagesOf('v', truth, probability, { ...options, volumes: '3d' });
    expect(volume).toHaveLength(1);
    expect(volume[0]!.truth.shape).toEqual([2, 1, 2]);
  });
});

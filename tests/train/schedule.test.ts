import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../../src/runtime/train/schedule.js';

const ctx = { baseLr: 0.1, stepsPerEpoch: 10, totalSteps: 100 };

describe('learning-rate schedules', () => {
  it('constant ignores the step', () => {
    expect(learningRateAt({ kind: 'constant', $path: '' }, ctx, 0)).toBe(0.1);
    expect(learningRateAt({ kind: 'constant', $path: '' }, ctx, 99)).toBe(0.1);
  });

  it('step decays every N epochs', () => {
    const spec = { kind: 'step', every: 2, factor: 0.5, $path: '' } as const;
    expect(learningRateAt(spec, ctx, 19)).toBe(0.1);
    expect(learningRateAt(spec, ctx, 20)).toBe(0.05);
    expect(learningRateAt(spec, ctx, 45)).toBeCloseTo(0.025, 12);
  });

  it('poly falls from lr0 to 0', () => {
    const spec = { kind: 'poly', power: 0.9, $path: '' } as const;
    expect(learningRateAt(spec, ctx, 0)).toBe(0.1);
    expect(learningRateAt(spec, ctx, 50)).toBeCloseTo(0.1 * Math.pow(0.5, 0.9), 12);
    expect(learningRateAt(spec, ctx, 100)).toBe(0);
    expect(learningRateAt(spec, ctx, 150)).toBe(0);
  });

  it('cosine goes from lr0 through the midpoint to minLr, monotonically', () => {
    const spec = { kind: 'cosine', minLr: 0.001, $path: '' } as const;
    expect(learningRateAt(spec, ctx, 0)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(spec, ctx, 50)).toBeCloseTo((0.1 + 0.001) / 2, 12);
    expect(learningRateAt(spec, ctx, 100)).toBeCloseTo(0.001, 12);
    for (let t = 1; t <= 100; t++)
      expect(learningRateAt(spec, ctx, t)).toBeLessThanOrEqual(learningRateAt(spec, ctx, t - 1));
  });
});

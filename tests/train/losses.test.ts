import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossEntropy } from '../../src/runtime/train/losses/bce.js';
import { crossEntropyPlusDice } from '../../src/runtime/train/losses/ce-dice.js';
import {
  deepSupervisionLoss,
  nearestIndices,
  resizeNearest,
} from '../../src/runtime/train/losses/deep-supervision.js';
import { softDice } from '../../src/runtime/train/losses/dice.js';
import { focalLoss } from '../../src/runtime/train/losses/focal.js';
import { makeLoss } from '../../src/runtime/train/losses/make-loss.js';
import type { PixelLoss, PixelTarget } from '../../src/runtime/train/losses/pixel-loss.js';
import { crossEntropy, weightedCrossEntropy } from '../../src/runtime/train/losses/weighted-ce.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function lossValue(loss: PixelLoss, logits: tf.Tensor, target: PixelTarget): number {
  return tf.tidy(() => loss(logits, target).dataSync()[0]!);
}

/** Deterministic pseudo-random logits in [-2, 2]. */
function logitsOf(shape: number[], salt = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = 2 * Math.sin(i * 12.9898 * salt + 78.233) * Math.cos(i * 0.77 + salt);
  return tf.tensor(v, shape);
}

/** Central finite differences of a scalar function in float64-ish steps, vs tf.grad. */
function checkGradient(loss: PixelLoss, logits: tf.Tensor, target: PixelTarget): void {
  const analytic = tf.tidy(() =>
    tf
      .grad((x: tf.Tensor) => loss(x, target))(logits)
      .dataSync(),
  );
  const base = logits.dataSync();
  const eps = 1e-2;
  for (let i = 0; i < base.length; i++) {
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i]! += eps;
    minus[i]! -= eps;
    const fp = lossValue(loss, tf.tensor(plus, logits.shape), target);
    const fm = lossValue(loss, tf.tensor(minus, logits.shape), target);
    const numeric = (fp - fm) / (2 * eps);
    expect(Math.abs(numeric - analytic[i]!)).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
  }
}

describe('weighted cross-entropy', () => {
  it('matches a hand computation, normalised by Σw', () => {
    // two pixels, two classes; logits (0, ln 3) → p = (1/4, 3/4)
    const logits = tf.tensor([0, Math.log(3), 0, Math.log(3)], [1, 1, 2, 2]);
    const labels = tf.tensor([1, 0], [1, 1, 2], 'int32');
    const weights = tf.tensor([1, 3], [1, 1, 2]);
    const expected = -(1 * Math.log(0.75) + 3 * Math.log(0.25)) / 4;
    expect(lossValue(weightedCrossEntropy, logits, { labels, weights })).toBeCloseTo(expected, 5);
    expect(lossValue(crossEntropy, logits, { labels, weights })).toBeCloseTo(
      -(Math.log(0.75) + Math.log(0.25)) / 2,
      5,
    );
  });

  it('is scale-invariant in w and a zero weight acts like ignore', () => {
    const logits = logitsOf([1, 3, 3, 2]);
    const labels = tf.tensor([0, 1, 1, 0, 1, 0, 0, 0, 1], [1, 3, 3], 'int32');
    const w = tf.tensor([1, 2, 3, 4, 5, 6, 7, 8, 0], [1, 3, 3]);
    const base = lossValue(weightedCrossEntropy, logits, { labels, weights: w });
    expect(lossValue(weightedCrossEntropy, logits, { labels, weights: tf.mul(w, 10) })).toBeCloseTo(base, 5);
    const ignored = tf.tensor([0, 1, 1, 0, 1, 0, 0, 0, -1], [1, 3, 3], 'int32');
    expect(lossValue(weightedCrossEntropy, logits, { labels: ignored, weights: w })).toBeCloseTo(base, 5);
  });

  it('stays finite for a confidently wrong pixel (log-softmax)', () => {
    const logits = tf.tensor([200, -200], [1, 1, 1, 2]);
    const v = lossValue(weightedCrossEntropy, logits, { labels: tf.tensor([1], [1, 1, 1], 'int32') });
    expect(v).toBeCloseTo(400, 1);
  });

  it('ignored pixels contribute neither loss nor gradient', () => {
    const logits = logitsOf([1, 2, 2, 3]);
    const labels = tf.tensor([2, -1, 0, -1], [1, 2, 2], 'int32');
    const g = tf
      .grad((x: tf.Tensor) => weightedCrossEntropy(x, { labels }))(logits)
      .arraySync() as number[][][][];
    expect(g[0]![0]![1]!.map(Math.abs)).toEqual([0, 0, 0]);
    expect(g[0]![1]![1]!.map(Math.abs)).toEqual([0, 0, 0]);
    expect(Math.abs(g[0]![0]![0]![2]!)).toBeGreaterThan(0);
    expect(lossValue(weightedCrossEntropy, logits, { labels: tf.fill([1, 2, 2], -1, 'int32') })).toBeCloseTo(
      0,
      9,
    );
  });
});

describe('other losses', () => {
  const labels = tf.tensor([0, 1, 1, 0, -1, 1], [1, 2, 3], 'int32');

  it('BCE from logits matches −[y log σ + (1−y) log(1−σ)]', () => {
    const logits = tf.tensor([0.3, -1.2], [1, 1, 2, 1]);
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const expected = -(Math.log(1 - sig(0.3)) + Math.log(sig(-1.2))) / 2;
    const v = lossValue(binaryCrossEntropy(false), logits, { labels: tf.tensor([0, 1], [1, 1, 2], 'int32') });
    expect(v).toBeCloseTo(expected, 5);
  });

  it('focal with γ = 0 is the cross-entropy; γ > 0 is smaller', () => {
    const logits = logitsOf([1, 2, 3, 2], 3);
    const ce = lossValue(crossEntropy, logits, { labels });
    expect(lossValue(focalLoss('softmax', 0), logits, { labels })).toBeCloseTo(ce, 5);
    expect(lossValue(focalLoss('softmax', 2), logits, { labels })).toBeLessThan(ce);
    const bin = logitsOf([1, 2, 3, 1], 4);
    expect(lossValue(focalLoss('sigmoid', 0), bin, { labels })).toBeCloseTo(
      lossValue(binaryCrossEntropy(false), bin, { labels }),
      5,
    );
  });

  it('Dice is ~0 for a perfect prediction and ~1 for the opposite one', () => {
    const good = tf.tidy(() =>
      tf.mul(tf.sub(tf.oneHot(tf.tensor([0, 1, 1, 0, 0, 1], [1, 2, 3], 'int32'), 2), 0.5), 60),
    );
    const bad = tf.neg(good);
    expect(lossValue(softDice('softmax'), good, { labels })).toBeLessThan(1e-4);
    expect(lossValue(softDice('softmax'), bad, { labels })).toBeGreaterThan(0.999);
  });

  it('CE + Dice is the sum of its parts', () => {
    const logits = logitsOf([1, 2, 3, 2], 5);
    const sum =
      lossValue(crossEntropy, logits, { labels }) + 0.5 * lossValue(softDice('softmax'), logits, { labels });
    expect(lossValue(crossEntropyPlusDice('softmax', 0.5), logits, { labels })).toBeCloseTo(sum, 5);
  });

  it('every loss has the gradient finite differences give', () => {
    const weights = tf.tensor([1, 2, 0.5, 4, 1, 3], [1, 2, 3]);
    const target = { labels, weights };
    const softmaxLogits = logitsOf([1, 2, 3, 3], 7);
    const fmt = { kind: 'weighted_ce', gamma: 2, diceWeight: 1 } as const;
    for (const kind of ['weighted_ce', 'ce', 'dice', 'ce_dice', 'focal'] as const) {
      checkGradient(makeLoss({ ...fmt, kind }, 'softmax'), softmaxLogits, target);
    }
    const sigmoidLogits = logitsOf([1, 2, 3, 1], 9);
    for (const kind of ['weighted_ce', 'bce', 'dice', 'focal'] as const) {
      checkGradient(makeLoss({ ...fmt, kind }, 'sigmoid'), sigmoidLogits, target);
    }
  });
});

describe('deep supervision', () => {
  it('nearest indices use half-pixel centres', () => {
    expect(Array.from(nearestIndices(4, 2))).toEqual([1, 3]);
    expect(Array.from(nearestIndices(2, 4))).toEqual([0, 0, 1, 1]);
    const labels = tf.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [1, 4, 4], 'int32');
    expect(resizeNearest(labels, [2, 2]).arraySync()).toEqual([
      [
        [5, 7],
        [13, 15],
      ],
    ]);
  });

  it('weights the heads and resamples the target to a native-resolution head', () => {
    const labels = tf.tensor([0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0], [1, 4, 4], 'int32');
    const full = logitsOf([1, 4, 4, 2], 11);
    const half = logitsOf([1, 2, 2, 2], 13);
    const combined = deepSupervisionLoss(
      crossEntropy,
      [
        { name: 'main', weight: 0.75 },
        { name: 'X1', weight: 0.25 },
      ],
      'native',
    );
    const v = tf.tidy(() => combined([full, half], { labels }).dataSync()[0]!);
    const halfLabels = tf.tensor([0, 1, 1, 0], [1, 2, 2], 'int32');
    const expected =
      0.75 * lossValue(crossEntropy, full, { labels }) +
      0.25 * lossValue(crossEntropy, half, { labels: halfLabels });
    expect(v).toBeCloseTo(expected, 5);
    const up = deepSupervisionLoss(crossEntropy, [{ name: 'X1', weight: 1 }], 'upsampled');
    const upsampled = resizeNearest(half, [4, 4]);
    expect(tf.tidy(() => up([half], { labels }).dataSync()[0]!)).toBeCloseTo(
      lossValue(crossEntropy, upsampled, { labels }),
      5,
    );
  });
});

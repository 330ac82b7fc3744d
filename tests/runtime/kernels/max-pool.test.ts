import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, seeded, setUpBackends, worstError } from './compare-backends.js';

beforeAll(setUpBackends);

interface PoolCase {
  pad: 'valid' | 'same';
  window: number;
  stride: number;
  batch: number;
  /** Spatial extent; values are random normal so about half of all windows have a max ≤ 0 somewhere. */
  size: number[];
  /** Shift to make every value ≤ 0 (all windows hit the stock kernels' FLT_MIN bug) or add ties. */
  shift: 'none' | 'negative' | 'relu';
}

function cases(rank: 2 | 3): PoolCase[] {
  const list: PoolCase[] = [];
  const sizes =
    rank === 2
      ? [
          [6, 6],
          [7, 9],
        ]
      : [
          [4, 6, 6],
          [5, 7, 3],
        ];
  for (const pad of ['valid', 'same'] as const)
    for (const [window, stride] of [
      [2, 2],
      [3, 2],
      [2, 1],
      [1, 1],
    ] as const)
      for (const batch of [1, 3])
        for (const size of sizes)
          for (const shift of ['none', 'negative', 'relu'] as const)
            list.push({ pad, window, stride, batch, size, shift });
  return list;
}

function input(c: PoolCase, channels: number): tf.Tensor {
  const x = seeded([c.batch, ...c.size, channels], 11);
  if (c.shift === 'negative') return x.abs().neg();
  // ReLU output: zeros everywhere negative → whole windows of ties at 0.
  return c.shift === 'relu' ? x.relu() : x;
}

describe('wasm max pooling matches cpu (values ≤ 0 and ties included)', () => {
  it.each(cases(2))('maxPool 2D %o', async (c) => {
    const result = await onBoth(() => {
      const x = input(c, 3);
      const run = (a: tf.Tensor): tf.Tensor => tf.maxPool(a as tf.Tensor4D, c.window, c.stride, c.pad);
      const y = run(x);
      const dy = seeded(y.shape, 12);
      return [y, tf.grad((a: tf.Tensor) => run(a).mul(dy))(x)];
    });
    expect(worstError(result)).toBeLessThanOrEqual(1e-4);
  });

  it.each(cases(3))('maxPool3d %o', async (c) => {
    const result = await onBoth(() => {
      const x = input(c, 2);
      const run = (a: tf.Tensor): tf.Tensor => tf.maxPool3d(a as tf.Tensor5D, c.window, c.stride, c.pad);
      const y = run(x);
      const dy = seeded(y.shape, 13);
      return [y, tf.grad((a: tf.Tensor) => run(a).mul(dy))(x)];
    });
    expect(worstError(result)).toBeLessThanOrEqual(1e-4);
  });
});

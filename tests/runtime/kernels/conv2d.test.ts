import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  setFilterGradStrategy,
  type FilterGradStrategy,
} from '../../../src/runtime/backend/wasm-kernels/conv2d-backprop-filter.js';
import { onBoth, seeded, setUpBackends, worstError } from './compare-backends.js';

beforeAll(setUpBackends);

const SHAPES: Array<[number, number, number, number]> = [
  [5, 5, 1, 2],
  [9, 12, 4, 8],
  [7, 10, 2, 3],
];

interface Case {
  pad: 'valid' | 'same';
  stride: number;
  kernel: number;
  batch: number;
  shape: [number, number, number, number];
}

const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const)
  for (const stride of [1, 2])
    for (const kernel of [1, 2, 3])
      for (const batch of [1, 3])
        for (const shape of SHAPES) cases.push({ pad, stride, kernel, batch, shape });

describe.each(['matmul', 'dilated'] as FilterGradStrategy[])(
  'wasm Conv2D gradients match cpu (filter gradient by %s)',
  (strategy) => {
    beforeAll(() => setFilterGradStrategy(strategy));
    afterAll(() => setFilterGradStrategy('auto'));

    it.each(cases)('conv2d %o', async ({ pad, stride, kernel, batch, shape }) => {
      const [h, w, c, o] = shape;
      const result = await onBoth(() => {
        const x = seeded([batch, h, w, c], 1);
        const f = seeded([kernel, kernel, c, o], 2);
        const y = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad);
        const dy = seeded(y.shape, 3);
        const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad).mul(dy),
        )([x, f]);
        return [y, dx as tf.Tensor, df as tf.Tensor];
      });
      expect(worstError(result)).toBeLessThanOrEqual(1e-4);
    });

    it.each(cases)('conv2dTranspose %o', async ({ pad, stride, kernel, batch, shape }) => {
      const [h, w, c, o] = shape;
      const outShape: [number, number, number, number] =
        pad === 'same'
          ? [batch, h * stride, w * stride, o]
          : [batch, (h - 1) * stride + kernel, (w - 1) * stride + kernel, o];
      const result = await onBoth(() => {
        const x = seeded([batch, h, w, c], 4);
        const f = seeded([kernel, kernel, o, c], 5);
        const run = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
          tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, stride, pad);
        const y = run(x, f);
        const dy = seeded(y.shape, 6);
        const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => run(a, b).mul(dy))([x, f]);
        return [y, dx as tf.Tensor, df as tf.Tensor];
      });
      expect(worstError(result)).toBeLessThanOrEqual(1e-4);
    });
  },
);

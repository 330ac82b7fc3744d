import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBoth, seeded, setUpBackends, worstError } from './compare-backends.js';

beforeAll(setUpBackends);

interface Case {
  pad: 'valid' | 'same';
  stride: number;
  kernel: number;
  batch: number;
  /** [D, H, W, C, O] */
  shape: [number, number, number, number, number];
}

const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const)
  for (const stride of [1, 2])
    for (const kernel of [1, 2, 3])
      for (const batch of [1, 3])
        for (const shape of [
          [4, 5, 5, 1, 2],
          [5, 6, 7, 3, 2],
        ] as Array<[number, number, number, number, number]>)
          cases.push({ pad, stride, kernel, batch, shape });

describe('wasm Conv3D and its gradients match cpu', () => {
  it.each(cases)('conv3d %o', async ({ pad, stride, kernel, batch, shape }) => {
    const [d, h, w, c, o] = shape;
    const result = await onBoth(() => {
      const x = seeded([batch, d, h, w, c], 21);
      const f = seeded([kernel, kernel, kernel, c, o], 22);
      const run = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
        tf.conv3d(a as tf.Tensor5D, b as tf.Tensor5D, stride, pad);
      const y = run(x, f);
      const dy = seeded(y.shape, 23);
      const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => run(a, b).mul(dy))([x, f]);
      return [y, dx as tf.Tensor, df as tf.Tensor];
    });
    expect(worstError(result)).toBeLessThanOrEqual(1e-4);
  });

  it.each(cases)(
    'conv3dTranspose (forward and the registered gradient) %o',
    async ({ pad, stride, kernel, batch, shape }) => {
      const [d, h, w, c, o] = shape;
      const grow = (n: number): number => (pad === 'same' ? n * stride : (n - 1) * stride + kernel);
      const outShape: [number, number, number, number, number] = [batch, grow(d), grow(h), grow(w), o];
      const result = await onBoth(() => {
        const x = seeded([batch, d, h, w, c], 24);
        const f = seeded([kernel, kernel, kernel, o, c], 25);
        const run = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
          tf.conv3dTranspose(a as tf.Tensor5D, b as tf.Tensor5D, outShape, stride, pad);
        const y = run(x, f);
        const dy = seeded(y.shape, 26);
        const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => run(a, b).mul(dy))([x, f]);
        return [y, dx as tf.Tensor, df as tf.Tensor];
      });
      expect(worstError(result)).toBeLessThanOrEqual(1e-4);
    },
  );
});

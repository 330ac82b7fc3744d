import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradientFixes } from '../../../src/runtime/backend/gradients.js';
import { relativeError } from '../kernels/compare-backends.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradientFixes();
});

const seeded = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** ⟨resize(x), dy⟩ = ⟨x, grad(dy)⟩ for any linear map: checks the cpu gradient is the exact adjoint. */
function adjointGap(resize: (x: tf.Tensor4D) => tf.Tensor, xShape: [number, number, number, number]): number {
  return tf.tidy(() => {
    const x = seeded(xShape, 1) as tf.Tensor4D;
    const y = resize(x);
    const dy = seeded(y.shape, 2);
    const dx = tf.grad((a: tf.Tensor) =>
      resize(a as tf.Tensor4D)
        .mul(dy)
        .sum(),
    )(x);
    expect(dx.shape).toEqual(xShape);
    const lhs = y.mul(dy).sum().dataSync()[0] as number;
    const rhs = x.mul(dx).sum().dataSync()[0] as number;
    return Math.abs(lhs - rhs) / Math.max(1, Math.abs(lhs));
  });
}

describe('cpu resize gradients (fixed for batch > 1 and H ≠ W)', () => {
  it.each([
    [
      [3, 4, 5, 2],
      [8, 10],
    ],
    [
      [1, 3, 3, 1],
      [6, 6],
    ],
    [
      [2, 5, 3, 3],
      [7, 4],
    ],
  ] as Array<[[number, number, number, number], [number, number]]>)('nearest %j → %j', (shape, size) => {
    for (const [alignCorners, halfPixelCenters] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      expect(
        adjointGap((x) => tf.image.resizeNearestNeighbor(x, size, alignCorners, halfPixelCenters), shape),
      ).toBeLessThan(1e-5);
    }
  });

  it('nearest with an integer factor is the 2×2 sum pool of dy (UpSampling2D, batch 3)', () => {
    const dy = seeded([3, 8, 10, 2], 5);
    const x = tf.zeros([3, 4, 5, 2]) as tf.Tensor4D;
    const dx = tf.grad((a: tf.Tensor) =>
      tf.image
        .resizeNearestNeighbor(a as tf.Tensor4D, [8, 10])
        .mul(dy)
        .sum(),
    )(x);
    const expected = tf.avgPool(dy as tf.Tensor4D, 2, 2, 'valid').mul(4);
    expect(relativeError(dx.dataSync() as Float32Array, expected.dataSync() as Float32Array)).toBeLessThan(
      1e-6,
    );
  });

  it.each([
    [
      [3, 4, 5, 2],
      [8, 10],
    ],
    [
      [2, 5, 3, 3],
      [9, 4],
    ],
  ] as Array<[[number, number, number, number], [number, number]]>)('bilinear %j → %j', (shape, size) => {
    for (const [alignCorners, halfPixelCenters] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      expect(
        adjointGap((x) => tf.image.resizeBilinear(x, size, alignCorners, halfPixelCenters), shape),
      ).toBeLessThan(1e-5);
    }
  });
});

describe('Conv3DBackpropInputV2 gradient (conv3dTranspose trains)', () => {
  it('is registered and is the adjoint pair of conv3d', () => {
    expect(tf.getGradient(tf.Conv3DBackpropInputV2)).toBeDefined();
    const x = seeded([2, 3, 4, 3, 2], 7) as tf.Tensor5D;
    const f = seeded([2, 2, 2, 3, 2], 8) as tf.Tensor5D;
    const run = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
      tf.conv3dTranspose(a as tf.Tensor5D, b as tf.Tensor5D, [2, 6, 8, 6, 3], 2, 'same');
    const dy = seeded([2, 6, 8, 6, 3], 9);
    const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => run(a, b).mul(dy).sum())([x, f]);
    // conv3dTranspose is linear in x and in f: ⟨y, dy⟩ = ⟨x, dx⟩ = ⟨f, df⟩.
    const y = run(x, f).mul(dy).sum().dataSync()[0] as number;
    expect(
      x
        .mul(dx as tf.Tensor)
        .sum()
        .dataSync()[0],
    ).toBeCloseTo(y, 3);
    expect(
      f
        .mul(df as tf.Tensor)
        .sum()
        .dataSync()[0],
    ).toBeCloseTo(y, 3);
  });
});

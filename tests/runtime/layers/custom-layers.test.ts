import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  UnetcBatchNormalization,
  UnetcConv2DTranspose,
  UnetcCropping3D,
  UnetcELU,
  UnetcGroupNormalization,
  UnetcInstanceNormalization,
  UnetcResizeLike,
  UnetcUpSampling3D,
  UnetcZeroPadding3D,
} from '../../../src/runtime/layers/index.js';
import { resampleAxis, upsampleAxis } from '../../../src/runtime/layers/resample-axis.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const close = (a: tf.Tensor, b: tf.Tensor, tol = 1e-5) => {
  expect(a.shape).toEqual(b.shape);
  expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(tol);
};
const apply = (layer: tf.layers.Layer, x: tf.Tensor | tf.Tensor[], training = false) =>
  layer.apply(x, { training }) as tf.Tensor;

describe('3D shape layers', () => {
  const x = tf.randomNormal([2, 5, 6, 7, 3]);

  it('UnetcCropping3D slices [before, size − after) per axis', () => {
    const layer = new UnetcCropping3D({
      cropping: [
        [1, 2],
        [0, 1],
        [3, 0],
      ],
    });
    close(apply(layer, x), tf.slice(x, [0, 1, 0, 3, 0], [2, 2, 5, 4, 3]));
    expect(layer.computeOutputShape([null, 5, 6, 7, 3])).toEqual([null, 2, 5, 4, 3]);
  });

  it('UnetcZeroPadding3D pads with zeros', () => {
    const layer = new UnetcZeroPadding3D({
      padding: [
        [1, 0],
        [0, 2],
        [1, 1],
      ],
    });
    close(
      apply(layer, x),
      tf.pad(x, [
        [0, 0],
        [1, 0],
        [0, 2],
        [1, 1],
        [0, 0],
      ]),
    );
  });

  it('UnetcUpSampling3D nearest repeats every voxel', () => {
    const small = tf.tensor5d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]);
    const y = apply(new UnetcUpSampling3D({ size: [2, 1, 3] }), small);
    expect(y.shape).toEqual([1, 4, 2, 6, 1]);
    expect(Array.from(y.dataSync().slice(0, 12))).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
  });

  it('integer-factor up-sampling equals the general resampling matrix (both modes, every axis)', () => {
    for (const mode of ['nearest', 'bilinear'] as const) {
      for (const axis of [1, 2, 3]) {
        const out = (x.shape[axis] ?? 1) * 3;
        close(upsampleAxis(x, axis, 3, mode), resampleAxis(x, axis, out, mode));
      }
    }
  });

  it('UnetcUpSampling3D trilinear matches tfjs bilinear on each depth slice when depth is not scaled', () => {
    const y = apply(new UnetcUpSampling3D({ size: [1, 2, 2], interpolation: 'bilinear' }), x);
    const slices = tf.unstack(x, 1).map((s) => tf.image.resizeBilinear(s as tf.Tensor4D, [12, 14]));
    close(y, tf.stack(slices, 1));
  });
});

describe('UnetcResizeLike', () => {
  const x = tf.randomNormal([2, 5, 7, 3]);
  const like = tf.zeros([2, 11, 9, 1]);

  it('bilinear equals tf.image.resizeBilinear onto the reference grid, keeping channels', () => {
    close(
      apply(new UnetcResizeLike({ interpolation: 'bilinear' }), [x, like]),
      tf.image.resizeBilinear(x as tf.Tensor4D, [11, 9]),
    );
  });

  it('nearest equals tf.image.resizeNearestNeighbor', () => {
    close(
      apply(new UnetcResizeLike({ interpolation: 'nearest' }), [x, like]),
      tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [11, 9]),
    );
  });

  it('has an exact gradient (the adjoint of the forward) at batch 2 and H ≠ W', () => {
    const layer = new UnetcResizeLike({ interpolation: 'bilinear' });
    const w = tf.randomNormal([2, 11, 9, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(apply(layer, [t, like]), w)))(x);
    // <R x, w> = <x, Rᵀ w> for every x: check with a second random x.
    const x2 = tf.randomNormal([2, 5, 7, 3]);
    const lhs = tf.sum(tf.mul(apply(layer, [x2, like]), w)).dataSync()[0] ?? 0;
    const rhs = tf.sum(tf.mul(x2, g)).dataSync()[0] ?? 0;
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-3 * Math.max(1, Math.abs(lhs)));
  });
});

describe('normalisation layers', () => {
  const x = tf.add(tf.mul(tf.randomNormal([2, 3, 4, 5, 6]), 3), 2);

  it('UnetcBatchNormalization normalises rank-5 input over B, D, H, W and updates the moving mean', () => {
    const layer = new UnetcBatchNormalization({ momentum: 0.5, epsilon: 1e-5 });
    const y = apply(layer, x, true);
    const { mean, variance } = tf.moments(x, [0, 1, 2, 3]);
    close(y, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), 1e-4);
    const movingMean = layer.getWeights()[2];
    if (!movingMean) throw new Error('no moving mean');
    close(movingMean, tf.mul(mean, 0.5), 1e-4);
  });

  it('UnetcBatchNormalization trains without gamma/beta (center/scale false), which stock tfjs cannot', () => {
    const layer = new UnetcBatchNormalization({ center: false, scale: false });
    const x4 = tf.randomNormal([2, 4, 4, 3]);
    const y = apply(layer, x4, true);
    expect(layer.getWeights().length).toBe(2);
    close(tf.mean(y, [0, 1, 2]), tf.zeros([3]), 1e-5);
  });

  it('UnetcGroupNormalization uses per-sample, per-group statistics', () => {
    const x4 = tf.randomNormal([2, 3, 3, 4]);
    const y = apply(new UnetcGroupNormalization({ groups: 2, epsilon: 1e-5 }), x4);
    const g = tf.reshape(x4, [2, 9, 2, 2]);
    const { mean, variance } = tf.moments(g, [1, 3], true);
    close(y, tf.reshape(tf.div(tf.sub(g, mean), tf.sqrt(tf.add(variance, 1e-5))), [2, 3, 3, 4]), 1e-4);
  });

  it('UnetcInstanceNormalization uses per-sample, per-channel statistics and has no weights when not affine', () => {
    const layer = new UnetcInstanceNormalization({ center: false, scale: false, epsilon: 1e-5 });
    const y = apply(layer, x);
    const { mean, variance } = tf.moments(x, [1, 2, 3], true);
    close(y, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), 1e-4);
    expect(layer.countParams()).toBe(0);
  });
});

describe('UnetcELU and UnetcConv2DTranspose', () => {
  it('ELU(α) = x for x > 0, α(eˣ − 1) otherwise, with a finite gradient for large x', () => {
    const x = tf.tensor1d([-2, -0.5, 0, 0.5, 100]);
    const layer = new UnetcELU({ alpha: 0.5 });
    const expected = [0.5 * (Math.exp(-2) - 1), 0.5 * (Math.exp(-0.5) - 1), 0, 0.5, 100];
    Array.from(apply(layer, x).dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 5));
    const g = tf.grad((t: tf.Tensor) => tf.sum(apply(layer, t)))(x);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it("output padding with 'same' padding: the window tfjs' own layer takes, extended at the far side", () => {
    const x = tf.randomNormal([1, 4, 5, 3]);
    const padded = new UnetcConv2DTranspose({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      outputPadding: [1, 1],
      useBias: false,
    });
    const y = apply(padded, x);
    // The checker's length for 'same': n·s + output padding.
    expect(y.shape).toEqual([1, 9, 11, 2]);
    const stock = tf.layers.conv2dTranspose({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
    });
    stock.apply(x);
    stock.setWeights(padded.getWeights());
    close(tf.slice(y, [0, 0, 0, 0], [1, 8, 10, 2]), apply(stock, x));
  });

  it('output padding adds rows/cols on the far side; the rest equals the stock transposed conv', () => {
    const x = tf.randomNormal([1, 4, 5, 3]);
    const padded = new UnetcConv2DTranspose({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      outputPadding: [1, 1],
      useBias: false,
    });
    const y = apply(padded, x);
    expect(y.shape).toEqual([1, 10, 12, 2]);
    expect(padded.computeOutputShape([null, 4, 5, 3])).toEqual([null, 10, 12, 2]);
    const kernel = padded.getWeights()[0] as tf.Tensor4D;
    const plain = tf.conv2dTranspose(x as tf.Tensor4D, kernel, [1, 9, 11, 2], 2, 'valid');
    close(tf.slice(y, [0, 0, 0, 0], [1, 9, 11, 2]), plain);
  });
});

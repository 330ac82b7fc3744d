import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend/select-backend.js';
import {
  UnetcBatchNormalization,
  UnetcConv2DTranspose,
  UnetcConv3DTranspose,
  UnetcCropping3D,
  UnetcELU,
  UnetcGroupNormalization,
  UnetcInstanceNormalization,
  UnetcResizeLike,
  UnetcUpSampling3D,
  UnetcZeroPadding3D,
} from '../../../src/runtime/layers/index.js';

/** Forward value and gradients (inputs, then trainable weights) of Σ layer(x)·w on the active backend. */
function probe(layer: tf.layers.Layer, xs: number[][], shapes: number[][], outWeights: number[]) {
  return tf.tidy(() => {
    const inputs = xs.map((v, i) => tf.tensor(v, shapes[i]));
    const f = (...ts: tf.Tensor[]) => {
      const y = layer.apply(ts.length === 1 ? ts[0]! : ts, { training: true }) as tf.Tensor;
      return tf.sum(tf.mul(y, tf.tensor(outWeights.slice(0, y.size), y.shape)));
    };
    const value = f(...inputs).dataSync()[0] ?? NaN;
    // Only the first input is differentiable (ResizeLike's second input gives just a size).
    const [first, ...rest] = inputs as [tf.Tensor, ...tf.Tensor[]];
    const inputGrad = Array.from(
      tf
        .grad((t: tf.Tensor) => f(t, ...rest))(first)
        .dataSync(),
    );
    const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const weightGrads =
      variables.length === 0
        ? []
        : Object.values(tf.variableGrads(() => f(...inputs) as tf.Scalar, variables).grads);
    return { value, grads: [inputGrad, ...weightGrads.map((g) => Array.from(g.dataSync()))] };
  });
}

const rand = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => Math.sin(seed * 97.1 + i * 12.9898) * 1.7);

const cases: { name: string; make: () => tf.layers.Layer; shapes: number[][] }[] = [
  {
    name: 'Cropping3D',
    make: () =>
      new UnetcCropping3D({
        cropping: [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
      }),
    shapes: [[2, 3, 4, 4, 2]],
  },
  {
    name: 'ZeroPadding3D',
    make: () =>
      new UnetcZeroPadding3D({
        padding: [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
      }),
    shapes: [[2, 3, 4, 4, 2]],
  },
  {
    name: 'UpSampling3D nearest',
    make: () => new UnetcUpSampling3D({ size: [2, 2, 1] }),
    shapes: [[2, 2, 3, 3, 2]],
  },
  {
    name: 'UpSampling3D trilinear',
    make: () => new UnetcUpSampling3D({ size: [2, 2, 2], interpolation: 'bilinear' }),
    shapes: [[2, 2, 3, 3, 2]],
  },
  {
    name: 'ResizeLike',
    make: () => new UnetcResizeLike({ interpolation: 'bilinear' }),
    shapes: [
      [2, 3, 5, 2],
      [2, 7, 9, 1],
    ],
  },
  {
    name: 'BatchNormalization rank 5',
    make: () => new UnetcBatchNormalization({}),
    shapes: [[2, 2, 3, 3, 2]],
  },
  {
    name: 'BatchNormalization no affine',
    make: () => new UnetcBatchNormalization({ center: false, scale: false }),
    shapes: [[2, 3, 3, 2]],
  },
  {
    name: 'GroupNormalization',
    make: () => new UnetcGroupNormalization({ groups: 2 }),
    shapes: [[2, 3, 3, 4]],
  },
  {
    name: 'InstanceNormalization',
    make: () => new UnetcInstanceNormalization({}),
    shapes: [[2, 2, 3, 3, 2]],
  },
  { name: 'ELU', make: () => new UnetcELU({ alpha: 0.3 }), shapes: [[2, 3, 3, 2]] },
  {
    name: 'Conv2DTranspose + output padding',
    make: () => new UnetcConv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: [1, 0] }),
    shapes: [[2, 3, 4, 2]],
  },
  {
    name: 'Conv3DTranspose + output padding',
    make: () => new UnetcConv3DTranspose({ filters: 2, kernelSize: 2, strides: 2, outputPadding: [1, 1, 0] }),
    shapes: [[1, 2, 2, 3, 2]],
  },
];

let wasmReady = false;
beforeAll(async () => {
  try {
    wasmReady = (await selectBackend('wasm')).name === 'wasm';
  } catch {
    wasmReady = false;
  }
});

describe.each(cases)('custom layer $name', ({ make, shapes }) => {
  it('has the same value and gradients on wasm as on cpu', async (ctx) => {
    if (!wasmReady) ctx.skip();
    const layer = make();
    const xs = shapes.map((s, i) =>
      rand(
        s.reduce((a, b) => a * b, 1),
        i + 1,
      ),
    );
    const w = rand(4096, 9);
    await tf.setBackend('wasm');
    const onWasm = probe(layer, xs, shapes, w);
    await tf.setBackend('cpu');
    const onCpu = probe(layer, xs, shapes, w);
    await tf.setBackend('wasm');
    expect(onWasm.value).toBeCloseTo(onCpu.value, 3);
    expect(onWasm.grads.length).toBe(onCpu.grads.length);
    onWasm.grads.forEach((g, i) => {
      const ref = onCpu.grads[i] ?? [];
      const scale = Math.max(1, ...ref.map(Math.abs));
      expect(Math.max(...g.map((v, j) => Math.abs(v - (ref[j] ?? NaN))))).toBeLessThan(1e-4 * scale);
    });
  });
});

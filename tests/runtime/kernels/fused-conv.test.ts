import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuseConvActivations } from '../../../src/runtime/train/fuse-conv-layers.js';
import { relativeError, setUpBackends } from './compare-backends.js';
import { TINY_UNETS, batchFor, type TinyUnetName } from './tiny-unets.js';

beforeAll(setUpBackends);

interface Gradients {
  loss: number;
  grads: Float32Array[];
  /** Backend buffers alive at the end of the forward pass (what the tape holds for backprop). */
  buffersAfterForward: number;
}

/** Loss and the gradient of every trainable variable for one batch, fused or as tfjs-layers runs it. */
async function gradients(
  name: TinyUnetName,
  backend: string,
  fused: boolean,
  batch: number,
): Promise<Gradients> {
  await tf.setBackend(backend);
  const model = TINY_UNETS[name]();
  if (fused) fuseConvActivations(model);
  const { x, y } = batchFor(model, batch);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let buffersAfterForward = 0;
  const { value, grads } = tf.variableGrads(() => {
    const out = model.apply(x, { training: true }) as tf.Tensor;
    buffersAfterForward = tf.backend().numDataIds();
    return tf.losses.meanSquaredError(y, out) as tf.Scalar;
  }, variables);
  const result = {
    loss: (await value.data())[0] as number,
    grads: await Promise.all(variables.map(async (v) => (await grads[v.name]!.data()) as Float32Array)),
    buffersAfterForward,
  };
  tf.dispose([value, x, y, ...Object.values(grads)]);
  model.dispose();
  return result;
}

function maxAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

const twoD: TinyUnetName[] = ['validUnet2d', 'sameUnet2d'];

describe('fused conv + bias + relu in training', () => {
  it.each(
    twoD.flatMap((name) =>
      ['cpu', 'wasm'].flatMap((backend) => [1, 3].map((batch) => ({ name, backend, batch }))),
    ),
  )(
    '$name on $backend, batch $batch: same loss and gradients as the unfused layers',
    async ({ name, backend, batch }) => {
      const plain = await gradients(name, backend, false, batch);
      const fused = await gradients(name, backend, true, batch);
      expect(Math.abs(fused.loss - plain.loss) / Math.abs(plain.loss)).toBeLessThanOrEqual(1e-5);
      expect(fused.grads).toHaveLength(plain.grads.length);
      // A bias in front of batch norm has a gradient of ~0 (rounding noise on both sides): errors are
      // relative to each gradient's scale, floored at 1e-3 of the model's largest gradient.
      const largest = Math.max(...plain.grads.map(maxAbs));
      expect(largest).toBeGreaterThan(1e-4);
      const worst = Math.max(
        ...plain.grads.map((g, i) => {
          const scale = Math.max(maxAbs(g), 1e-3 * largest);
          return (relativeError(fused.grads[i]!, g) * maxAbs(g)) / scale;
        }),
      );
      expect(worst).toBeLessThanOrEqual(1e-4);
    },
  );

  it('keeps fewer buffers alive for backprop on wasm (one per conv instead of three)', async () => {
    const plain = await gradients('validUnet2d', 'wasm', false, 1);
    const fused = await gradients('validUnet2d', 'wasm', true, 1);
    expect(fused.buffersAfterForward).toBeLessThan(plain.buffersAfterForward);
  });

  it('changes only plain 2D convs, once, and leaves the serialised model as it was', () => {
    tf.setBackend('cpu');
    const model = TINY_UNETS.validUnet2d();
    const fusible = model.layers.filter(
      (l) =>
        l.getClassName() === 'Conv2D' &&
        ['relu', 'linear'].includes(String((l.getConfig() as { activation?: unknown }).activation)),
    ).length;
    expect(fusible).toBeLessThan(model.layers.filter((l) => l.getClassName() === 'Conv2D').length);
    const before = JSON.stringify(model.toJSON(undefined, false));
    expect(fuseConvActivations(model)).toBe(fusible);
    expect(fuseConvActivations(model)).toBe(0);
    expect(JSON.stringify(model.toJSON(undefined, false))).toBe(before);
    const volumetric = TINY_UNETS.sameUnet3d();
    expect(fuseConvActivations(volumetric)).toBe(0);
    model.dispose();
    volumetric.dispose();
  });

  it('does not leak: tensor and buffer counts stay flat over training steps on wasm', async () => {
    await tf.setBackend('wasm');
    const model = TINY_UNETS.validUnet2d();
    fuseConvActivations(model);
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const { x, y } = batchFor(model, 2);
    await model.trainOnBatch(x, y);
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 5; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('wasm Identity shares the buffer', () => {
  it('clones without copying, and the clone outlives its source', async () => {
    await tf.setBackend('wasm');
    const source = tf.tensor([1, 2, 3, 4], [2, 2]);
    const buffers = tf.backend().numDataIds();
    const copy = tf.clone(source);
    expect(tf.backend().numDataIds()).toBe(buffers);
    source.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3, 4]);
    copy.dispose();
    expect(tf.backend().numDataIds()).toBe(buffers - 1);
  });
});

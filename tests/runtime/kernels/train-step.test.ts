import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { relativeError, setUpBackends } from './compare-backends.js';
import { TINY_UNETS, batchFor, type TinyUnetName } from './tiny-unets.js';

beforeAll(setUpBackends);

interface Trained {
  losses: number[];
  weights: Float32Array[];
}

function compile(model: tf.LayersModel): void {
  const classes = model.outputs[0]?.shape.at(-1);
  model.compile({
    optimizer: tf.train.sgd(0.05),
    loss: classes === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy',
  });
}

/** Builds the model on `backend` with `initial` weights and trains `steps` SGD steps on a fixed batch. */
async function train(
  name: TinyUnetName,
  backend: string,
  batch: number,
  steps: number,
  initial?: Float32Array[],
): Promise<Trained> {
  await tf.setBackend(backend);
  const model = TINY_UNETS[name]();
  if (initial !== undefined)
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i] as Float32Array, w.shape)));
  compile(model);
  const { x, y } = batchFor(model, batch);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await model.trainOnBatch(x, y)) as number);
  const weights = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  tf.dispose([x, y]);
  model.dispose();
  return { losses, weights };
}

const names = Object.keys(TINY_UNETS) as TinyUnetName[];

describe('whole training steps on wasm match cpu', () => {
  it.each(names.flatMap((name) => [1, 3].map((batch) => ({ name, batch }))))(
    '$name, batch $batch',
    async ({ name, batch }) => {
      const start = await train(name, 'cpu', batch, 0);
      const cpu = await train(name, 'cpu', batch, 3, start.weights);
      const wasm = await train(name, 'wasm', batch, 3, start.weights);
      expect(
        relativeError(Float32Array.from(wasm.losses), Float32Array.from(cpu.losses)),
      ).toBeLessThanOrEqual(1e-4);
      // The weights moved, and moved the same way on both backends.
      const moved = Math.max(
        ...cpu.weights.map((w, i) => relativeError(w, start.weights[i] as Float32Array)),
      );
      expect(moved).toBeGreaterThan(1e-3);
      const worst = Math.max(...cpu.weights.map((w, i) => relativeError(wasm.weights[i] as Float32Array, w)));
      expect(worst).toBeLessThanOrEqual(1e-4);
    },
  );
});

describe('no leaks on wasm', () => {
  it.each(names)('%s keeps tensor and buffer counts flat over many steps', async (name) => {
    await tf.setBackend('wasm');
    const model = TINY_UNETS[name]();
    compile(model);
    const { x, y } = batchFor(model, 2);
    await model.trainOnBatch(x, y);
    await model.trainOnBatch(x, y);
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 8; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    tf.dispose([x, y]);
    model.dispose();
  });
});

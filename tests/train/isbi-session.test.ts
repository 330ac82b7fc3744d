import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { Dataset } from '../../src/runtime/data/dataset.js';
import { listSources } from '../../src/runtime/data/pair-sources.js';
import { createBatchSource } from '../../src/runtime/data/prefetch/batch-source.js';
import { trainBatchesFrom } from '../../src/runtime/train/batch-source-adapter.js';
import { readRunLog } from '../../src/runtime/train/run-log.js';
import { manualStop } from '../../src/runtime/train/signals.js';
import { runTrainSession } from '../../src/runtime/train/train-session.js';
import { validationBatches } from '../../src/runtime/train/validation-tiles.js';

const repo = resolve(import.meta.dirname, '../..');
let out: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  out = await mkdtemp(join(tmpdir(), 'unetc-isbi-'));
});
afterAll(async () => {
  if (!process.env['KEEP']) await rm(out, { recursive: true, force: true });
  else console.log(out);
});

const tiling = { tile: [40, 40], overlap: [0, 0], blend: 'none', $path: '' } as const;
const data: DataSpec = {
  images: [
    'examples/isbi2012/data/image/0.png',
    'examples/isbi2012/data/image/1.png',
    'examples/isbi2012/data/image/2.png',
  ],
  masks: [
    'examples/isbi2012/data/label/0.png',
    'examples/isbi2012/data/label/1.png',
    'examples/isbi2012/data/label/2.png',
  ],
  classMap: [
    { value: 0, classIndex: 0, name: 'membrane' },
    { value: 255, classIndex: 1, name: 'cell' },
  ],
  ignoreValue: null,
  normalize: { kind: 'range', min: 0, max: 255 },
  border: 'mirror',
  validation: { fraction: 0.34 },
  weightMap: { w0: 10, sigma: 5, classBalance: true, foreground: [1], $path: '' },
  train: tiling,
  predict: tiling,
  $path: '/data',
};

/** A 2-level same-padding U-Net with 4/8 filters and a fused softmax head, seeded. */
function tinyUnet(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.heNormal({ seed });
  const conv = (filters: number, name: string, seed: number) =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name,
      kernelInitializer: init(seed),
    });
  const input = tf.input({ shape: [40, 40, 1], name: 'input' });
  const e0 = conv(4, 'enc0_conv1', 1).apply(input) as tf.SymbolicTensor;
  const down = tf.layers.maxPooling2d({ poolSize: 2, name: 'down0' }).apply(e0) as tf.SymbolicTensor;
  const b = conv(8, 'bottleneck_conv1', 2).apply(down) as tf.SymbolicTensor;
  const up = tf.layers
    .conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2, name: 'up0', kernelInitializer: init(3) })
    .apply(b) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ name: 'skip0' }).apply([up, e0]) as tf.SymbolicTensor;
  const d0 = conv(4, 'dec0_conv1', 4).apply(cat) as tf.SymbolicTensor;
  const head = tf.layers
    .conv2d({ filters: 2, kernelSize: 1, activation: 'softmax', name: 'head', kernelInitializer: init(5) })
    .apply(d0) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: head });
}

describe('training on real ISBI 2012 slices (tiny net, cpu)', () => {
  it('lowers the weighted CE through the real data pipeline and yields valid probabilities', async () => {
    const sources = await listSources(data, repo, { dims: 2, seed: 3 });
    expect(sources.train.length).toBe(2);
    expect(sources.validation.length).toBe(1);
    const datasetOptions = { dims: 2 as const, data, cacheDir: join(out, 'cache') };
    const geometry = {
      input: [40, 40],
      labelCrop: [
        [0, 0],
        [0, 0],
      ] as [number, number][],
    };
    const validation = await validationBatches(
      new Dataset(sources.validation, datasetOptions),
      geometry,
      'mirror',
      3,
      2,
      2,
    );
    const model = tinyUnet();
    const result = await runTrainSession({
      model,
      heads: [{ name: 'main', weight: 1 }],
      resolution: 'native',
      loss: { kind: 'weighted_ce', gamma: 2, diceWeight: 1 },
      optimizer: {
        kind: 'adam',
        lr: 0.02,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
        weightDecay: 0,
        $path: '',
      },
      schedule: { kind: 'constant', $path: '' },
      epochs: 2,
      stepsPerEpoch: 8,
      seed: 3,
      checkpointEvery: 8,
      keepCheckpoints: 1,
      selectBy: 'dice',
      patience: null,
      openData: (startStep) =>
        trainBatchesFrom(
          createBatchSource({
            pairs: sources.train,
            dataset: datasetOptions,
            augment: null,
            geometry,
            border: 'mirror',
            seed: 3,
            batch: 2,
            workers: 0,
            startStep,
          }),
          startStep,
        ),
      validation: { batches: validation, options: { classes: 2, foreground: [1] } },
      runDir: out,
      resume: false,
      stop: manualStop(),
    });
    expect(result.outcome).toBe('done');
    const losses = readRunLog(join(out, 'train.jsonl')).flatMap((r) => (r.type === 'step' ? [r.loss] : []));
    expect(losses).toHaveLength(16);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 4)));
    const metrics = result.state.history.at(-1)!.metrics;
    expect(metrics['pixel_error']).toBeGreaterThanOrEqual(0);
    expect(metrics['pixel_error']).toBeLessThanOrEqual(1);
    expect(metrics['dice']).toBeGreaterThan(0);
    const probs = tf.tidy(
      () => model.predict(tf.tensor(validation[0]!.images, [...validation[0]!.imageShape])) as tf.Tensor,
    );
    const values = probs.dataSync();
    expect(values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    const sums = tf.sum(probs, -1).dataSync();
    expect(sums.every((s) => Math.abs(s - 1) < 1e-5)).toBe(true);
  });
});

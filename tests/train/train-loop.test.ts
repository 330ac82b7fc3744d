import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { readRunLog } from '../../src/runtime/train/run-log.js';
import { manualStop } from '../../src/runtime/train/signals.js';
import { runTrainSession, type TrainSessionOptions } from '../../src/runtime/train/train-session.js';
import { syntheticBatch, syntheticData, tinyNet } from './helpers/synthetic.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'unetc-train-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const adam: OptimizerSpec = {
  kind: 'adam',
  lr: 0.02,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  weightDecay: 0,
  $path: '',
};
const sgd: OptimizerSpec = {
  kind: 'sgd',
  lr: 0.05,
  momentum: 0.99,
  nesterov: false,
  weightDecay: 1e-4,
  $path: '',
};

function options(
  model: tf.LayersModel,
  runDir: string,
  over: Partial<TrainSessionOptions> = {},
): TrainSessionOptions {
  return {
    model,
    heads: [{ name: 'main', weight: 1 }],
    resolution: 'native',
    loss: { kind: 'ce', gamma: 2, diceWeight: 1 },
    optimizer: adam,
    schedule: { kind: 'constant', $path: '' },
    epochs: 3,
    stepsPerEpoch: 10,
    seed: 7,
    checkpointEvery: 4,
    keepCheckpoints: 2,
    selectBy: 'val_loss',
    patience: null,
    openData: () => syntheticData(7),
    validation: { batches: [syntheticBatch(99, 0, 2)], options: { classes: 2, foreground: [1] } },
    runDir,
    resume: false,
    stop: manualStop(),
    ...over,
  };
}

function weightsOf(model: tf.LayersModel): number[] {
  return model.getWeights().flatMap((w) => Array.from(w.dataSync()));
}

describe('training session on synthetic data', () => {
  it('lowers the loss, validates each epoch, keeps K checkpoints and logs every step', async () => {
    const model = tinyNet(1);
    const dir = join(root, 'fall');
    const result = await runTrainSession(options(model, dir, { optimizer: { ...adam, lr: 0.05 } }));
    expect(result.outcome).toBe('done');
    const log = readRunLog(join(dir, 'train.jsonl'));
    const steps = log.filter((r) => r.type === 'step');
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const mean = (a: typeof steps) => a.reduce((s, r) => s + (r.type === 'step' ? r.loss : 0), 0) / a.length;
    expect(mean(steps.slice(-5))).toBeLessThan(0.6 * mean(steps.slice(0, 5)));
    expect(log.filter((r) => r.type === 'validation')).toHaveLength(3);
    expect(result.state.history).toHaveLength(3);
    expect(result.usedBest).toBe(true);
    expect(await readdir(join(dir, 'checkpoints'))).toEqual(['step-00000028', 'step-00000030']);
    expect((await readdir(join(dir, 'val-samples'))).sort()).toEqual([
      'val-0.image.png',
      'val-0.pred.png',
      'val-0.truth.png',
      'val-1.image.png',
      'val-1.pred.png',
      'val-1.truth.png',
    ]);
    const probs = model.predict(tf.tensor(syntheticBatch(5, 0, 1).images, [1, 8, 8, 1])) as tf.Tensor;
    const sums = tf.sum(probs, -1).dataSync();
    expect(Math.max(...Array.from(sums).map((s) => Math.abs(s - 1)))).toBeLessThan(1e-5);
    expect(Math.min(...Array.from(probs.dataSync()))).toBeGreaterThanOrEqual(0);
  });

  it('keeps tf.memory().numTensors flat across steps', async () => {
    const model = tinyNet(2, { dropout: 0.25 });
    const counts: number[] = [];
    await runTrainSession(
      options(model, join(root, 'mem'), {
        epochs: 1,
        stepsPerEpoch: 25,
        validation: null,
        onStep: () => counts.push(tf.memory().numTensors),
      }),
    );
    expect(new Set(counts.slice(2)).size).toBe(1);
  });

  it('resuming a stopped run gives the uninterrupted run’s weights bit for bit (dropout, SGD 0.99 and Adam)', async () => {
    for (const [name, optimizer, headActivation] of [
      ['sgd', sgd, 'softmax'],
      ['adam', adam, 'separate'],
    ] as const) {
      const common = {
        optimizer,
        epochs: 2,
        stepsPerEpoch: 6,
        checkpointEvery: 3,
        schedule: { kind: 'cosine', minLr: 0.001, $path: '' },
      } as const;
      const straight = tinyNet(3, { dropout: 0.3, headActivation });
      await runTrainSession(options(straight, join(root, `${name}-straight`), common));

      const killedDir = join(root, `${name}-killed`);
      const stop = manualStop();
      const first = tinyNet(3, { dropout: 0.3, headActivation });
      const partial = await runTrainSession(
        options(first, killedDir, { ...common, stop, onStep: (step) => step === 5 && stop.request('test') }),
      );
      expect(partial.outcome).toBe('interrupted');
      expect(partial.state.step).toBe(5);

      const resumedModel = tinyNet(42, { dropout: 0.3, headActivation }); // different init: all must come from the checkpoint
      const resumed = await runTrainSession(options(resumedModel, killedDir, { ...common, resume: true }));
      expect(resumed.resumedFrom).toBe(5);
      expect(resumed.outcome).toBe('done');
      expect(weightsOf(resumedModel)).toEqual(weightsOf(straight));
      const steps = readRunLog(join(killedDir, 'train.jsonl')).filter((r) => r.type === 'step');
      expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    }
  });

  it('stops early when the selected metric stops improving', async () => {
    const model = tinyNet(4);
    const result = await runTrainSession(
      options(model, join(root, 'early'), {
        optimizer: { ...adam, lr: 0 },
        epochs: 10,
        stepsPerEpoch: 2,
        patience: 2,
        selectBy: 'pixel_error',
      }),
    );
    expect(result.outcome).toBe('early_stop');
    expect(result.state.epoch).toBe(3);
  });
});

describe('select_by: last', () => {
  it('validates every epoch but selects nothing: the final weights stay', async () => {
    const model = tinyNet(5);
    const result = await runTrainSession(options(model, join(root, 'last'), { selectBy: 'last' }));
    expect(result.state.history).toHaveLength(3);
    expect(result.state.best).toBeNull();
    expect(result.usedBest).toBe(false);
    const log = readRunLog(join(root, 'last', 'train.jsonl'));
    const validations = log.filter((r) => r.type === 'validation');
    expect(validations).toHaveLength(3);
    expect(validations.every((r) => r.type === 'validation' && r.best === false)).toBe(true);
  });
});

describe('runs cut short', () => {
  it('a run that ends mid-epoch (--steps) is still validated once at the end', async () => {
    const model = tinyNet(6);
    const result = await runTrainSession(
      options(model, join(root, 'partial'), { epochs: 5, stepsPerEpoch: 10, totalSteps: 4 }),
    );
    expect(result.state.step).toBe(4);
    expect(result.state.history).toHaveLength(1);
    expect(result.state.history[0]).toMatchObject({ epoch: 1, step: 4 });
  });
});

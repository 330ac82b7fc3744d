import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunLog } from '../../src/runtime/train/run-log.js';
import { manualStop } from '../../src/runtime/train/signals.js';
import { runTrainSession, type TrainSessionOptions } from '../../src/runtime/train/train-session.js';
import { syntheticBatch, syntheticData, tinyNet } from './helpers/synthetic.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'unetc-validation-stop-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A session whose stop is requested when step `stopAt` has run: the epoch's validation then starts. */
async function stopAtEpochEnd(dir: string, stopAt: number, resume = false) {
  const stop = manualStop();
  const notes: string[] = [];
  const options: TrainSessionOptions = {
    model: tinyNet(1),
    heads: [{ name: 'main', weight: 1 }],
    resolution: 'native',
    loss: { kind: 'ce', gamma: 2, diceWeight: 1 },
    optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0, $path: '' },
    schedule: { kind: 'constant', $path: '' },
    epochs: 2,
    stepsPerEpoch: 3,
    seed: 7,
    checkpointEvery: 100,
    keepCheckpoints: 2,
    selectBy: 'dice',
    patience: null,
    openData: () => syntheticData(7),
    // Several batches: the stop is checked before each one.
    validation: {
      batches: [0, 1, 2, 3].map((k) => syntheticBatch(99 + k, 0, 2)),
      options: { classes: 2, foreground: [1] },
    },
    runDir: dir,
    resume,
    stop,
    onStep: (step) => {
      if (step === stopAt) stop.request('SIGINT');
    },
    note: (line) => notes.push(line),
  };
  return { result: await runTrainSession(options), notes };
}

describe('a stop requested while an epoch is being validated', () => {
  it('ends the validation pass before scoring, checkpoints the epoch end and reports an interruption', async () => {
    const dir = join(root, 'mid-run');
    const { result, notes } = await stopAtEpochEnd(dir, 3);
    expect(result.outcome).toBe('interrupted');
    expect(result.state.step).toBe(3);
    expect(result.state.best).toBeNull();
    expect(notes).toContain('validation of epoch 1 interrupted; it selects nothing');
    const log = readRunLog(join(dir, 'train.jsonl'));
    expect(log.filter((r) => r.type === 'validation')).toEqual([]);
    expect(await readdir(join(dir, 'checkpoints'))).toEqual(['step-00000003']);

    // Resuming scores the epoch whose validation was cut short before training on.
    const resumed = await stopAtEpochEnd(dir, -1, true);
    expect(resumed.result.outcome).toBe('done');
    expect(resumed.result.resumedFrom).toBe(3);
    const validations = readRunLog(join(dir, 'train.jsonl')).filter((r) => r.type === 'validation');
    expect(validations.map((r) => [r.step, r.epoch])).toEqual([
      [3, 1],
      [6, 2],
    ]);
  });

  it('at the last step too: the run is interrupted, not done with an unscored model', async () => {
    const dir = join(root, 'last-step');
    const { result } = await stopAtEpochEnd(dir, 6);
    expect(result.outcome).toBe('interrupted');
    expect(result.state.step).toBe(6);
    const validations = readRunLog(join(dir, 'train.jsonl')).filter((r) => r.type === 'validation');
    expect(validations.map((r) => r.epoch)).toEqual([1]);
    expect(await readdir(join(dir, 'checkpoints'))).toEqual(['step-00000006']);
  });
});

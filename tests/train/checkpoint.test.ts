import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  latestCheckpoint,
  listCheckpoints,
  loadCheckpoint,
  saveCheckpoint,
} from '../../src/runtime/train/checkpoint.js';
import { TrainProgress } from '../../src/runtime/train/progress.js';
import { initialState } from '../../src/runtime/train/train-state.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-ckpt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const weights = [
  {
    name: 'enc0_conv1/kernel',
    shape: [3, 3, 1, 2],
    values: Float32Array.from({ length: 18 }, (_, i) => i / 7),
  },
  { name: 'enc0_conv1/bias', shape: [2], values: Float32Array.from([0.5, -0.25]) },
];

describe('checkpoints', () => {
  it('round-trip weights, optimizer slots and state; keep the newest K; ignore half-written temp dirs', async () => {
    const dir = join(root, 'checkpoints');
    await mkdir(join(dir, '.step-00000009.tmp-123'), { recursive: true }); // a save killed midway
    for (const step of [3, 6, 9]) {
      const state = { ...initialState(4), step, dataCursor: step };
      const optimizer = {
        kind: 'sgd' as const,
        updates: step,
        slots: [{ name: 'enc0_conv1/bias/momentum', shape: [2], values: Float32Array.from([step, -step]) }],
      };
      await saveCheckpoint(dir, { state, weights, optimizer }, 2);
    }
    expect(await listCheckpoints(dir)).toEqual(['step-00000006', 'step-00000009']);
    const latest = await latestCheckpoint(dir);
    expect(latest).toBe(join(dir, 'step-00000009'));
    const loaded = await loadCheckpoint(latest!);
    expect(loaded.state.step).toBe(9);
    expect(loaded.state.rng).toEqual({ scheme: 'derived-per-step', seed: 4 });
    expect(loaded.weights.map((w) => w.name)).toEqual(weights.map((w) => w.name));
    expect(Array.from(loaded.weights[0]!.values)).toEqual(Array.from(weights[0]!.values));
    expect(loaded.optimizer).toMatchObject({ kind: 'sgd', updates: 9 });
    expect(Array.from(loaded.optimizer.slots[0]!.values)).toEqual([9, -9]);
    // saving the same step again (a resume that re-saves it) replaces it whole
    await saveCheckpoint(
      dir,
      { state: { ...initialState(4), step: 9 }, weights, optimizer: loaded.optimizer },
      2,
    );
    expect(await readdir(dir)).toEqual(['step-00000006', 'step-00000009']);
  });

  it('has no checkpoint in a missing directory', async () => {
    expect(await latestCheckpoint(join(root, 'nowhere'))).toBeNull();
  });
});

describe('progress without a terminal', () => {
  it('prints a line every N steps and on the last, with loss, throughput and ETA', () => {
    const lines: string[] = [];
    const progress = new TrainProgress({
      totalSteps: 10,
      startStep: 0,
      tty: false,
      every: 4,
      write: (l) => lines.push(l),
    });
    for (let step = 1; step <= 10; step++)
      progress.update({ step, epoch: 1, loss: 1 / step, tilesPerSecond: 2.5 });
    progress.stop();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^step 4\/10 epoch 1 loss 0\.2500 2\.50 tiles\/s ETA \d+s$/);
    expect(lines[2]).toMatch(/^step 10\/10 /);
  });
});

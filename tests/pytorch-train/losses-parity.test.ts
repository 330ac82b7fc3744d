import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LossKind, ScheduleSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { deepSupervisionLoss } from '../../src/runtime/train/losses/deep-supervision.js';
import { makeLoss } from '../../src/runtime/train/losses/make-loss.js';
import type { HeadKind } from '../../src/runtime/train/losses/pixel-loss.js';
import { learningRateAt } from '../../src/runtime/train/schedule.js';
import { compilePackage, FIXTURES, runPython, TINY_SPEC } from './helpers.js';

/** losses.py and the schedule of train.py against the tfjs trainer's, on the same logits and targets. */
let dir: string;
let pkg: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'unetc-torch-losses-'));
  pkg = await compilePackage(TINY_SPEC, join(dir, 'pkg'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const [B, H, W, K] = [2, 6, 8, 3];

function values(n: number, f: (i: number) => number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

describe('losses.py and the schedule match the tfjs trainer', () => {
  it('every loss on softmax and sigmoid heads, deep supervision both ways, every schedule', async () => {
    const labels = values(B * H * W, (i) => (i % 11 === 0 ? -1 : (i * 7) % K));
    const weights = values(B * H * W, (i) => 1 + (i % 5) * 0.75);
    const logits = (k: number, salt: number, h = H, w = W) =>
      values(B * h * w * k, (i) => 2 * Math.sin(i * 12.9898 * salt + 78.233) * Math.cos(i * 0.77 + salt));
    const inputs = {
      labels,
      weights,
      logits1: logits(1, 1),
      [`logits${K}`]: logits(K, 2),
      small: logits(K, 3, H / 2, W / 2),
    };
    const job: Record<string, unknown> = { shape: [B, H, W, K] };
    for (const [name, data] of Object.entries(inputs)) {
      await writeFile(join(dir, `${name}.f32`), Buffer.from(data.buffer));
      job[name] = join(dir, `${name}.f32`);
    }
    const kinds: LossKind[] = ['weighted_ce', 'ce', 'bce', 'dice', 'ce_dice', 'focal'];
    const cases = kinds.flatMap((kind) =>
      (['softmax', 'sigmoid'] as HeadKind[]).flatMap((head) =>
        (head === 'sigmoid' ? [1, K] : [K]).map((channels) => ({
          name: `${kind}-${head}-${channels}`,
          kind,
          head,
          channels,
        })),
      ),
    );
    const schedules: ScheduleSpec[] = [
      { kind: 'constant', $path: '' },
      { kind: 'step', every: 2, factor: 0.5, $path: '' },
      { kind: 'poly', power: 0.9, $path: '' },
      { kind: 'cosine', minLr: 0.001, $path: '' },
    ];
    job['cases'] = cases;
    job['schedules'] = schedules;
    await writeFile(join(dir, 'job.json'), JSON.stringify(job));
    const run = await runPython([join(FIXTURES, 'losses_job.py'), pkg, join(dir, 'job.json')]);
    expect(run.code, run.stderr).toBe(0);
    const got = JSON.parse(run.stdout) as Record<string, number | number[]>;

    const target = { labels: tf.tensor(labels, [B, H, W], 'int32'), weights: tf.tensor(weights, [B, H, W]) };
    const tensors = {
      1: tf.tensor(inputs.logits1, [B, H, W, 1]),
      [K]: tf.tensor(inputs[`logits${K}`]!, [B, H, W, K]),
    };
    for (const c of cases) {
      const loss = makeLoss({ kind: c.kind, gamma: 2, diceWeight: 0.7 }, c.head);
      const want = loss(tensors[c.channels]!, target).dataSync()[0]!;
      expect(got[c.name], c.name).toBeCloseTo(want, 5);
    }
    const small = tf.tensor(inputs.small, [B, H / 2, W / 2, K]);
    const heads = [
      { name: 'main', weight: 1 },
      { name: 'aux', weight: 0.5 },
    ];
    for (const resolution of ['native', 'upsampled'] as const) {
      const ce = makeLoss({ kind: 'weighted_ce', gamma: 0, diceWeight: 0 }, 'softmax');
      const want = deepSupervisionLoss(ce, heads, resolution)([tensors[K]!, small], target).dataSync()[0]!;
      expect(got[`deep-${resolution}`], resolution).toBeCloseTo(want, 5);
    }
    const lrs = schedules.flatMap((s) =>
      [0, 7, 25, 50, 99, 100, 130].map((t) =>
        learningRateAt(s, { baseLr: 0.01, stepsPerEpoch: 10, totalSteps: 100 }, t),
      ),
    );
    (got['lr'] as number[]).forEach((lr, i) => expect(lr).toBeCloseTo(lrs[i]!, 12));
  }, 60_000);
});

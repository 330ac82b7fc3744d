import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadCompiled } from '../../src/runtime/model/load-compiled.js';
import { readRunLog } from '../../src/runtime/train/run-log.js';

const here = import.meta.dirname;
const spec = resolve(here, 'fixtures/tiny.unet');
const cli = resolve(here, 'fixtures/run-cli.mts');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-train-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const common = ['--backend', 'cpu', '--workers', '0'];

/** Runs the CLI in a child process and sends SIGINT once `train.jsonl` shows `afterStep` steps. */
function trainAndInterrupt(out: string, afterStep: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'train', spec, '--out', out, ...common], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const log = join(out, 'train.jsonl');
    const timer = setInterval(() => {
      if (!existsSync(log)) return;
      const steps = readRunLog(log).filter((r) => r.type === 'step').length;
      if (steps >= afterStep) {
        clearInterval(timer);
        child.kill('SIGINT');
      }
    }, 25);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearInterval(timer);
      done({ code, stderr });
    });
  });
}

describe('unetc train (tiny spec, real ISBI slices, cpu)', () => {
  it('trains, logs, checkpoints and writes a loadable model with valid probabilities', async () => {
    const out = join(root, 'straight');
    expect(await main(['train', spec, '--out', out, ...common])).toBe(0);
    const steps = readRunLog(join(out, 'train.jsonl')).flatMap((r) => (r.type === 'step' ? [r] : []));
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(steps.every((s) => s.lr === 0.02 && s.ms > 0 && s.dataWaitMs >= 0)).toBe(true);
    const mean = (xs: typeof steps) => xs.reduce((a, s) => a + s.loss, 0) / xs.length;
    expect(mean(steps.slice(-3))).toBeLessThan(mean(steps.slice(0, 3)));
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, 'val-samples', 'val-0.pred.png'))).toBe(true);
    const { model } = await loadCompiled(join(out, 'model'));
    const probs = tf.tidy(
      () => model.predict(tf.randomUniform([1, 32, 32, 1], 0, 1, 'float32', 5)) as tf.Tensor,
    );
    expect(probs.shape).toEqual([1, 32, 32, 2]);
    const sums = tf.sum(probs, -1).dataSync();
    expect(sums.every((s) => Math.abs(s - 1) < 1e-5)).toBe(true);
    expect(probs.dataSync().every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('Ctrl-C saves a checkpoint and exits; --resume then matches the uninterrupted run bit for bit', async () => {
    const out = join(root, 'killed');
    const { code, stderr } = await trainAndInterrupt(out, 3);
    expect(stderr).toMatch(/SIGINT: finishing the current step/);
    expect(stderr).toMatch(/--resume/);
    expect(code).toBe(130);
    expect(existsSync(join(out, 'model'))).toBe(false);
    expect(await main(['train', spec, '--out', out, '--resume', ...common])).toBe(0);
    const shard = 'group1-shard1of1.bin';
    const resumed = await readFile(join(out, 'model', shard));
    const straight = await readFile(join(root, 'straight', 'model', shard));
    expect(resumed.equals(straight)).toBe(true);
    const last = 'checkpoints/step-00000010/weights.bin';
    expect((await readFile(join(out, last))).equals(await readFile(join(root, 'straight', last)))).toBe(true);
  });
});

describe('unetc train with deep supervision', () => {
  it('trains three heads at native resolution (targets down-sampled) with Nesterov SGD and a poly schedule', async () => {
    const out = join(root, 'deep');
    const ds = resolve(here, 'fixtures/tiny-deep-supervision.unet');
    expect(await main(['train', ds, '--out', out, ...common])).toBe(0);
    const log = readRunLog(join(out, 'train.jsonl'));
    const steps = log.flatMap((r) => (r.type === 'step' ? [r] : []));
    expect(steps).toHaveLength(3);
    expect(steps.every((s) => Number.isFinite(s.loss) && s.loss > 0)).toBe(true);
    expect(steps[0]!.lr).toBe(0.01);
    expect(steps[2]!.lr).toBeCloseTo(0.01 * Math.pow(1 - 2 / 3, 0.9), 10);
    expect(log.some((r) => r.type === 'validation')).toBe(true);
    const { model, plan } = await loadCompiled(join(out, 'model'));
    expect(plan.training.outputs).toHaveLength(3);
    expect(model.outputs).toHaveLength(3);
  });
});

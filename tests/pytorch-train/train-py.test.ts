import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compilePackage,
  FIXTURES,
  maxDifference,
  readLog,
  readWeights,
  runPython,
  stepsIn,
  TINY_SPEC,
  torchrunArgs,
} from './helpers.js';

/** The package's train.py on the ISBI fixture slices, on the CPU (children of this test). */
let root: string;
let tiny: string;
let ddp: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-torch-train-'));
  tiny = await compilePackage(TINY_SPEC, join(root, 'tiny'));
  ddp = await compilePackage(join(FIXTURES, 'ddp.unet'), join(root, 'ddp'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const checkpointsOf = (run: string) => readdirSync(join(run, 'checkpoints')).sort();

describe('train.py', () => {
  it('trains 3 steps and logs them in the unetc train.jsonl format', async () => {
    const out = join(root, 'three');
    const run = await runPython([join(tiny, 'train.py'), '--out', out, '--steps', '3', '--workers', '0']);
    expect(run.stderr).toMatch(/done after 3 steps/);
    expect(run.code).toBe(0);
    const log = readLog(join(out, 'train.jsonl'));
    expect(log[0]).toEqual({ type: 'event', step: 0, event: 'start' });
    const steps = log.flatMap((r) => (r.type === 'step' ? [r] : []));
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    for (const s of steps) {
      expect(s).toMatchObject({ type: 'step', epoch: 1, lr: 0.02 });
      expect(Number.isFinite(s.loss) && s.loss > 0 && s.ms > 0 && s.dataWaitMs >= 0).toBe(true);
    }
    const validation = log.find((r) => r.type === 'validation');
    expect(validation).toMatchObject({ type: 'validation', step: 3, epoch: 1, best: true });
    expect(Object.keys(validation?.type === 'validation' ? validation.metrics : {}).sort()).toEqual(
      ['dice', 'info_error', 'iou', 'pixel_error', 'rand_error', 'val_loss', 'vi'].sort(),
    );
    expect(log.at(-1)).toEqual({ type: 'event', step: 3, event: 'done' });
    expect(checkpointsOf(out)).toEqual(['step-00000002.pt', 'step-00000003.pt']);
    expect(readWeights(join(out, 'weights.safetensors')).size).toBeGreaterThan(0);
  }, 60_000);

  it('SIGINT (data workers on) finishes the step, checkpoints, exits 130; --resume completes the run', async () => {
    const out = join(root, 'sigint');
    // Enough steps that the signal, sent after the first one is logged, lands mid-run even on a
    // loaded machine (a signal after the last step lets the run finish: exit 0).
    const args = [join(tiny, 'train.py'), '--out', out, '--steps', '40', '--workers', '2'];
    let sent = false;
    const run = await runPython(args, {
      until: (kill) => {
        if (!sent && stepsIn(join(out, 'train.jsonl')) >= 1) {
          sent = true;
          kill('SIGINT');
        }
      },
    });
    expect(run.stderr).toMatch(/SIGINT: finishing the current step and saving a checkpoint/);
    expect(run.code).toBe(130);
    const log = readLog(join(out, 'train.jsonl'));
    const stoppedAt = log.filter((r) => r.type === 'step').length;
    expect(stoppedAt).toBeLessThan(40);
    expect(log.at(-1)).toMatchObject({ type: 'event', event: 'interrupted', detail: 'SIGINT' });
    expect(checkpointsOf(out)).toContain(`step-${String(stoppedAt).padStart(8, '0')}.pt`);
    expect(existsSync(join(out, 'weights.safetensors'))).toBe(false);

    const resumed = await runPython([...args.slice(0, 3), '--resume', '--workers', '0']);
    expect(resumed.code).toBe(0);
    const steps = readLog(join(out, 'train.jsonl')).flatMap((r) => (r.type === 'step' ? [r.step] : []));
    expect(steps).toEqual(Array.from({ length: 40 }, (_, i) => i + 1)); // --steps 40 came back from settings.json
    expect(existsSync(join(out, 'weights.safetensors'))).toBe(true);
  }, 90_000);
});

describe('train.py under torchrun (CPU, gloo)', () => {
  const train = (out: string, extra: string[] = []) => [
    join(ddp, 'train.py'),
    '--out',
    out,
    '--workers',
    '0',
    '--steps',
    '8',
    ...extra,
  ];
  let single: Map<string, Float32Array>;
  let twoProcesses: Map<string, Float32Array>;

  it('2 processes end with the weights of 1 process at the same global batch', async () => {
    const one = await runPython(train(join(root, 'one')));
    expect(one.code).toBe(0);
    const two = await runPython(torchrunArgs(2, join(root, 'logs-two'), train(join(root, 'two'))));
    expect(two.stderr).toMatch(/\(2 processes\)/);
    expect(two.code).toBe(0);
    single = readWeights(join(root, 'one', 'weights.safetensors'));
    twoProcesses = readWeights(join(root, 'two', 'weights.safetensors'));
    expect(maxDifference(single, twoProcesses)).toBeLessThan(1e-5);
    // and training did move them
    const init = readWeights(join(ddp, 'weights.safetensors'));
    expect(maxDifference(init, twoProcesses)).toBeGreaterThan(1e-3);
  }, 120_000);

  it('a torchrun run killed mid-way (SIGKILL) resumes under torchrun to the same weights', async () => {
    const out = join(root, 'killed');
    let sent = false;
    const killed = await runPython(torchrunArgs(2, join(root, 'logs-k1'), train(out)), {
      group: true,
      until: (kill) => {
        if (!sent && stepsIn(join(out, 'train.jsonl')) >= 4) {
          sent = true;
          kill('SIGKILL');
        }
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(out, 'weights.safetensors'))).toBe(false);
    expect(checkpointsOf(out)).toContain('step-00000003.pt');
    const resumed = await runPython(torchrunArgs(2, join(root, 'logs-k2'), [...train(out), '--resume']));
    expect(resumed.code).toBe(0);
    const log = readLog(join(out, 'train.jsonl'));
    expect(log.flatMap((r) => (r.type === 'step' ? [r.step] : []))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(log.some((r) => r.type === 'event' && r.event === 'resume')).toBe(true);
    expect(maxDifference(twoProcesses, readWeights(join(out, 'weights.safetensors')))).toBeLessThan(1e-6);
  }, 120_000);
});

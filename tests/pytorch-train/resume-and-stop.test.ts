import { truncateSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePackage, FIXTURES, readLog, runPython, TINY_SPEC } from './helpers.js';

let root: string;
let tiny: string;
let early: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-torch-resume-'));
  tiny = await compilePackage(TINY_SPEC, join(root, 'tiny'));
  early = await compilePackage(join(FIXTURES, 'early.unet'), join(root, 'early'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const stepNumbers = (out: string) =>
  readLog(join(out, 'train.jsonl')).flatMap((r) => (r.type === 'step' ? [r.step] : []));

describe('train.py resume and stopping rules', () => {
  it('a truncated newest checkpoint: --resume says so and continues from the one before', async () => {
    const out = join(root, 'corrupt');
    const train = [join(tiny, 'train.py'), '--out', out, '--workers', '0'];
    expect((await runPython([...train, '--steps', '4'])).code).toBe(0);
    truncateSync(join(out, 'checkpoints', 'step-00000004.pt'), 100);
    const resumed = await runPython([...train, '--steps', '6', '--resume']);
    expect(resumed.stderr).toMatch(/checkpoint .*step-00000004\.pt is unreadable .*trying the one before/);
    expect(resumed.code).toBe(0);
    expect(stepNumbers(out)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 60_000);

  it('early_stop: no val_loss improvement in `patience` validations stops the run', async () => {
    const out = join(root, 'early');
    const run = await runPython([join(early, 'train.py'), '--out', out, '--workers', '0']);
    expect(run.stderr).toMatch(/stopped early after 6 steps; best val_loss .* at epoch 1/);
    expect(run.code).toBe(0);
    const log = readLog(join(out, 'train.jsonl'));
    expect(log.filter((r) => r.type === 'validation').map((r) => r.type === 'validation' && r.best)).toEqual([
      true,
      false,
      false,
    ]);
    expect(log.at(-1)).toMatchObject({ type: 'event', step: 6, event: 'early_stop' });
  }, 60_000);
});

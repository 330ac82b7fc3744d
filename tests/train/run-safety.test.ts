import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunLog } from '../../src/runtime/train/run-log.js';
import { runCliChild, startCliChild } from '../support/run-cli-child.js';

const spec = resolve(import.meta.dirname, 'fixtures/tiny.unet');
const common = ['--backend', 'cpu', '--workers', '0'];
const shard = 'group1-shard1of1.bin';
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-run-safety-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('unetc:'));
}

function lastStep(out: string): number {
  const steps = readRunLog(join(out, 'train.jsonl')).flatMap((r) => (r.type === 'step' ? [r.step] : []));
  return steps[steps.length - 1] ?? 0;
}

function train(out: string, args: readonly string[], fault: { path: string; code: string } | null = null) {
  return runCliChild(
    ['train', spec, '--out', out, ...common, ...args],
    fault ? { failPath: fault.path, failCode: fault.code } : {},
  );
}

describe('a run directory survives faults, resumes as it was started, and has one owner', () => {
  let out: string;
  let straight: Buffer;

  it('the reference: 6 steps, batch 1, seed 5 in one go', async () => {
    const ref = join(root, 'straight');
    const r = await train(ref, ['--steps', '6', '--batch', '1', '--seed', '5']);
    expect(r.code).toBe(0);
    straight = readFileSync(join(ref, 'model', shard));
  });

  it('a full disk while saving a checkpoint: exit 2, one line naming it, no temporaries left', async () => {
    out = join(root, 'run');
    const r = await train(out, ['--steps', '6', '--batch', '1', '--seed', '5'], {
      path: 'step-00000004',
      code: 'ENOSPC',
    });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      `unetc: cannot write '${join(out, 'checkpoints', 'step-00000004')}': no space left on the device`,
    ]);
    expect(readdirSync(join(out, 'checkpoints'))).toEqual(['step-00000002']);
    expect(existsSync(join(out, 'train.lock'))).toBe(false);
  });

  it('--resume alone reuses the recorded --steps/--batch/--seed, says so, and ends where the straight run did', async () => {
    const r = await train(out, ['--resume']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /resuming the run in .*run from step 2 \(step-00000002\) with its settings: 6 steps, batch 1, seed 5, input 32×32/,
    );
    expect(lastStep(out)).toBe(6);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({
      settings: { steps: 6, batch: 1, seed: 5, inputSize: [32, 32] },
    });
    expect(readFileSync(join(out, 'model', shard)).equals(straight)).toBe(true);
  });

  it('a flag that contradicts the recorded settings is refused, not silently applied', async () => {
    const r = await train(out, ['--resume', '--steps', '8']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      `unetc: the run in ${out} was started with --steps 6; resume without --steps (run.json keeps the run's settings), or start a new run with --force or another --out`,
    ]);
  });

  it('a truncated newest checkpoint: --resume falls back to the one before it and says so', async () => {
    const weights = join(out, 'checkpoints', 'step-00000006', 'weights.bin');
    truncateSync(weights, 100);
    const r = await train(out, ['--resume']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /checkpoint .*step-00000006 is damaged \(weights\.bin has 100 bytes, \d+ were written\)/,
    );
    expect(r.stderr).toMatch(/resuming the run in .* from step 4 \(step-00000004\)/);
    expect(readFileSync(join(out, 'model', shard)).equals(straight)).toBe(true);
  });

  it('a second train into a directory in use is refused, naming the holder PID; a dead holder is stale', async () => {
    const lock = join(out, 'train.lock');
    const log = readFileSync(join(out, 'train.jsonl'));
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00Z' }),
    );
    const refused = await train(out, ['--resume']);
    expect(refused.code).toBe(2);
    expect(errorLines(refused.stderr)).toEqual([
      `unetc: ${out} is in use by another unetc train (PID ${process.pid}, since 2026-01-01T00:00:00Z); wait for it to finish or stop it, or train into another --out`,
    ]);
    expect(readFileSync(join(out, 'train.jsonl')).equals(log)).toBe(true);
    // A killed process leaves its lock and, if it died writing model/, a hidden temporary.
    const dead = spawnSync('true').pid;
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), started: '2026-01-01T00:00:00Z' }));
    mkdirSync(join(out, '.model.tmp-Ab12Cd'));
    expect((await train(out, ['--resume'])).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('train --force on a full disk keeps the previous model/ until a new one is complete', async () => {
    const before = readFileSync(join(out, 'model', shard));
    const r = await train(out, ['--force', '--steps', '2'], { path: '\\.model\\.tmp-', code: 'ENOSPC' });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      `unetc: cannot write '${join(out, 'model')}': no space left on the device`,
    ]);
    expect(readFileSync(join(out, 'model', shard)).equals(before)).toBe(true);
    expect(readdirSync(out).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('every checkpoint damaged: one line, exit 2, start over with --force', async () => {
    const again = join(root, 'damaged');
    expect(
      (await train(again, ['--steps', '4', '--batch', '1'], { path: '\\.model\\.tmp-', code: 'ENOSPC' }))
        .code,
    ).toBe(2);
    for (const step of ['00000002', '00000004'])
      truncateSync(join(again, 'checkpoints', `step-${step}`, 'weights.bin'), 8);
    const r = await train(again, ['--resume']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      `unetc: no intact checkpoint in ${join(again, 'checkpoints')} (step-00000004, step-00000002 damaged); start the run over with --force`,
    ]);
  });
});

describe('two trainings into the same --out', () => {
  it('the second is refused while the first runs; after kill -9 the stale lock is taken over', async () => {
    const out = join(root, 'race');
    const first = startCliChild(['train', spec, '--out', out, ...common, '--steps', '400', '--batch', '1']);
    const log = join(out, 'train.jsonl');
    for (let i = 0; i < 600 && !(existsSync(log) && lastStep(out) >= 1); i++)
      await new Promise((ok) => setTimeout(ok, 100));
    const second = await runCliChild(['train', spec, '--out', out, ...common, '--resume']);
    first.child.kill('SIGKILL');
    await first.done;
    expect(second.code).toBe(2);
    expect(errorLines(second.stderr)).toEqual([
      expect.stringMatching(new RegExp(`is in use by another unetc train \\(PID ${first.child.pid}, since `)),
    ]);
    expect(existsSync(join(out, 'train.lock'))).toBe(true);
    const third = await runCliChild(['train', spec, '--out', out, ...common, '--force', '--steps', '1']);
    expect(third.code).toBe(0);
  });
});

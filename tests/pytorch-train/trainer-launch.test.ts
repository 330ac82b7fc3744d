import { appendFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunLogFollower } from '../../src/runtime/pytorch/follow-run-log.js';
import { trainerArgs, type TrainerLaunch } from '../../src/runtime/pytorch/spawn-trainer.js';
import type { RunLogRecord } from '../../src/runtime/train/run-log.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-torch-launch-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const launch: TrainerLaunch = {
  python: 'python3',
  packageDir: '/run/compiled',
  outDir: '/run',
  sources: '/run/sources.json',
  resume: true,
  overrides: { steps: 45, seed: 2 },
  workers: 3,
  device: 'cuda',
  amp: true,
  nproc: 1,
};

describe('launching train.py', () => {
  it('passes the overrides, resume, device and amp to train.py', () => {
    expect(trainerArgs(launch)).toEqual([
      '/run/compiled/train.py',
      '--out',
      '/run',
      '--sources',
      '/run/sources.json',
      '--resume',
      '--steps',
      '45',
      '--seed',
      '2',
      '--workers',
      '3',
      '--device',
      'cuda',
      '--amp',
    ]);
  });

  it('runs it under torchrun for more than one process', () => {
    const args = trainerArgs({ ...launch, nproc: 4, amp: false, resume: false });
    expect(args.slice(0, 4)).toEqual(['-m', 'torch.distributed.run', '--nproc_per_node', '4']);
    expect(args).toContain('/run/compiled/train.py');
    expect(args.indexOf('--nproc_per_node')).toBeLessThan(args.indexOf('/run/compiled/train.py'));
    expect(args).not.toContain('--amp');
  });

  it('follows train.jsonl: only new, complete records, and a log trimmed by a resume', () => {
    const path = join(root, 'train.jsonl');
    writeFileSync(path, '{"type":"event","step":0,"event":"start"}\n');
    const seen: RunLogRecord[] = [];
    const follower = new RunLogFollower(path, (r) => seen.push(r), 60_000);
    appendFileSync(
      path,
      '{"type":"step","step":1,"epoch":1,"loss":0.5,"lr":0.1,"ms":3,"dataWaitMs":0}\n{"type":"st',
    );
    follower.poll();
    expect(seen.map((r) => r.step)).toEqual([1]);
    appendFileSync(path, 'ep","step":2,"epoch":1,"loss":0.4,"lr":0.1,"ms":3,"dataWaitMs":0}\n');
    follower.poll();
    expect(seen.map((r) => r.step)).toEqual([1, 2]);
    writeFileSync(path, '{"type":"event","step":1,"event":"resume"}\n');
    follower.stop();
    expect(seen.at(-1)).toEqual({ type: 'event', step: 1, event: 'resume' });
  });
});

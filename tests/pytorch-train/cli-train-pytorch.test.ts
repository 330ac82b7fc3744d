import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../src/compiler/emit/pytorch/safetensors.js';
import { torchTensorsToTfjs } from '../../src/compiler/emit/pytorch/torch-weights.js';
import { loadCompiled } from '../../src/runtime/model/load-compiled.js';
import { weightsByName } from '../../src/runtime/train/run-outputs.js';
import { runCli } from '../support/run-cli.js';
import { readLog, stepsIn, TINY_SPEC } from './helpers.js';

const cli = resolve(import.meta.dirname, '../train/fixtures/run-cli.mts');
const slice = resolve(import.meta.dirname, '../../examples/isbi2012/data/image/19.png');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-torch-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('unetc train --target pytorch', () => {
  it('trains with train.py in the usual run layout, and predict reads the model/ it converts', async () => {
    const out = join(root, 'run');
    const trained = await runCli([
      'train',
      TINY_SPEC,
      '--target',
      'pytorch',
      '--out',
      out,
      '--steps',
      '3',
      '--workers',
      '0',
    ]);
    expect(trained.err).toMatch(/training with PyTorch/);
    expect(trained.err).toMatch(/step 3\/3 epoch 1 loss \d/);
    expect(trained.code).toBe(0);
    for (const f of [
      'run.json',
      'train.jsonl',
      'sources.json',
      'compiled/model.py',
      'compiled/train.py',
      'report.html',
      'val-samples/val-0.pred.png',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(readLog(join(out, 'train.jsonl')).filter((r) => r.type === 'step')).toHaveLength(3);
    // model/ holds exactly the weights train.py selected
    const { model, plan } = await loadCompiled(join(out, 'model'));
    const file = join(out, 'weights.safetensors');
    const torch = torchTensorsToTfjs(
      { spec: plan.spec, graph: plan.graph, summary: plan.summary },
      decodeSafetensors(readFileSync(file), file),
    );
    const tfjs = weightsByName(model);
    model.dispose();
    expect([...tfjs.keys()].sort()).toEqual([...torch.keys()].sort());
    for (const [name, values] of torch) expect(tfjs.get(name), name).toEqual(values);

    const predicted = await runCli(['predict', out, slice, '--out', join(root, 'pred'), '--backend', 'cpu']);
    expect(predicted.code).toBe(0);
    expect(existsSync(join(root, 'pred', '19.png'))).toBe(true);
  }, 120_000);

  it('--nproc 2 trains under torchrun (DDP on the CPU) into the same layout', async () => {
    const out = join(root, 'nproc');
    const args = ['train', TINY_SPEC, '--target', 'pytorch', '--out', out, '--steps', '2', '--workers', '0'];
    const run = await runCli([...args, '--nproc', '2']);
    expect(run.err).toMatch(/training with PyTorch \(.*, 2 processes\)/);
    expect(run.err).toMatch(/on cpu \(2 processes\)/);
    expect(run.code).toBe(0);
    expect(readLog(join(out, 'train.jsonl')).filter((r) => r.type === 'step')).toHaveLength(2);
    expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);
  }, 120_000);

  it('forwards Ctrl-C to the trainer: checkpoint, exit 130, and a --resume hint', async () => {
    const out = join(root, 'interrupted');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        'train',
        TINY_SPEC,
        '--target',
        'pytorch',
        '--out',
        out,
        '--steps',
        '400',
        '--workers',
        '0',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setInterval(() => {
      if (stepsIn(join(out, 'train.jsonl')) >= 2) {
        clearInterval(timer);
        child.kill('SIGINT');
      }
    }, 50);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    clearInterval(timer);
    expect(stderr).toMatch(/SIGINT: finishing the current step and saving a checkpoint/);
    expect(stderr).toMatch(/--target pytorch --out .* --resume/);
    expect(code).toBe(130);
    expect(readLog(join(out, 'train.jsonl')).at(-1)).toMatchObject({ event: 'interrupted' });
    expect(existsSync(join(out, 'model'))).toBe(false);
  }, 120_000);

  it('refuses to --resume a tfjs run with --target pytorch, and leaves it intact', async () => {
    const out = join(root, 'tfjs-run');
    mkdirSync(join(out, 'checkpoints', 'step-00000002'), { recursive: true });
    writeFileSync(join(out, 'train.jsonl'), '{"type":"event","step":0,"event":"start"}\n');
    const marker = { format: 'unetc-run', version: 1, spec: TINY_SPEC, seed: 3, created: '2026-01-01' };
    writeFileSync(join(out, 'run.json'), JSON.stringify(marker));
    const run = await runCli(['train', TINY_SPEC, '--target', 'pytorch', '--out', out, '--resume']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/was trained with TensorFlow\.js; resume it without --target pytorch/);
    expect(existsSync(join(out, 'checkpoints', 'step-00000002'))).toBe(true);
    expect(existsSync(join(out, 'train.jsonl'))).toBe(true);
  });

  it('says in one line when no Python with torch is found', async () => {
    const saved = process.env['UNETC_PYTHON'];
    process.env['UNETC_PYTHON'] = join(root, 'no-such-python');
    try {
      const run = await runCli(['train', TINY_SPEC, '--target', 'pytorch', '--out', join(root, 'nopy')]);
      expect(run.code).toBe(2);
      expect(run.err.trim().split('\n')).toHaveLength(1);
      expect(run.err).toMatch(/UNETC_PYTHON=.*no-such-python cannot import torch/);
    } finally {
      if (saved === undefined) delete process.env['UNETC_PYTHON'];
      else process.env['UNETC_PYTHON'] = saved;
    }
  });
});

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { readLog } from './helpers.js';

const spec = resolve(import.meta.dirname, '../../examples/isbi2012/isbi.unet');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-torch-isbi-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('examples/isbi2012 with --target pytorch (a short run)', () => {
  it('trains the example network on slices 0-15, validates on 16-19 and writes model/', async () => {
    const out = join(root, 'run');
    const run = await runCli([
      'train',
      spec,
      '--target',
      'pytorch',
      '--out',
      out,
      '--steps',
      '2',
      '--workers',
      '0',
    ]);
    expect(run.err).toMatch(/16 training \/ 4 validation images, batch 1, 2 steps, seed 1/);
    expect(run.code).toBe(0);
    const log = readLog(join(out, 'train.jsonl'));
    expect(log.filter((r) => r.type === 'step').map((r) => r.step)).toEqual([1, 2]);
    const validation = log.find((r) => r.type === 'validation');
    expect(validation?.type === 'validation' && validation.metrics['pixel_error']).toBeGreaterThan(0);
    expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, 'val-samples', 'val-2.image.png'))).toBe(true);
  }, 180_000);
});

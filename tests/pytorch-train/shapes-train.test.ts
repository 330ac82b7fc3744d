import { copyFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage } from '../../src/runtime/data/image.js';
import { Rng } from '../../src/runtime/data/rng.js';
import { writeTiff } from '../../src/runtime/data/write-tiff.js';
import { compilePackage, FIXTURES, readLog, runPython } from './helpers.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-torch-shapes-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function losses(out: string): number[] {
  return readLog(join(out, 'train.jsonl')).flatMap((r) => (r.type === 'step' ? [r.loss] : []));
}

describe('train.py beyond one 2D head', () => {
  it('trains deep supervision (3 heads at native resolution, ce_dice, SGD Nesterov, poly)', async () => {
    const pkg = await compilePackage(join(FIXTURES, 'deep-supervision.unet'), join(root, 'ds'));
    const out = join(root, 'ds-run');
    const run = await runPython([join(pkg, 'train.py'), '--out', out, '--workers', '0']);
    expect(run.code, run.stderr).toBe(0);
    const l = losses(out);
    expect(l).toHaveLength(3);
    expect(l.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
  }, 60_000);

  it('trains a 3D net on multi-page TIFF volumes (elastic, flips, rotation, gamma, weight map)', async () => {
    const dir = join(root, 'vol3d');
    mkdirSync(join(dir, 'vol', 'image'), { recursive: true });
    mkdirSync(join(dir, 'vol', 'mask'), { recursive: true });
    copyFileSync(join(FIXTURES, 'vol3d.unet'), join(dir, 'vol3d.unet'));
    const rng = Rng.fromSeed(4);
    for (let v = 0; v < 3; v++) {
      const [d, h, w] = [18, 20, 20];
      const image = makeImage([d, h, w, 1]);
      const mask = makeImage([d, h, w, 1]);
      for (let i = 0; i < image.data.length; i++) image.data[i] = rng.int(256);
      for (let k = 0; k < 6; k++) {
        const [z, y, x] = [rng.int(d - 4), rng.int(h - 5), rng.int(w - 5)];
        for (let a = z; a < z + 4; a++)
          for (let b = y; b < y + 5; b++)
            for (let c = x; c < x + 5; c++) mask.data[(a * h + b) * w + c] = 1 + (k % 2);
      }
      await writeTiff(join(dir, 'vol', 'image', `${v}.tif`), image);
      await writeTiff(join(dir, 'vol', 'mask', `${v}.tif`), mask);
    }
    const pkg = await compilePackage(join(dir, 'vol3d.unet'), join(dir, 'pkg'));
    const out = join(dir, 'run');
    const run = await runPython([join(pkg, 'train.py'), '--out', out, '--data-root', dir, '--workers', '0']);
    expect(run.stderr).toMatch(/2 training \/ 1 validation images/);
    expect(run.code, run.stderr).toBe(0);
    expect(losses(out)).toHaveLength(3);
    const validation = readLog(join(out, 'train.jsonl')).find((r) => r.type === 'validation');
    expect(validation?.type === 'validation' && validation.best).toBe(true);
  }, 60_000);
});

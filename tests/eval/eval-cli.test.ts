import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeTiff } from '../../src/runtime/data/write-tiff.js';
import { writeGrayPng } from '../support/gray-png.js';
import { runCli as run } from '../support/run-cli.js';

const png = (path: string, rows: number[][]) => writeGrayPng(path, rows);

describe('unetc eval --pred --truth', () => {
  let dir = '';
  const C = 255;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'unetc-eval-'));
    mkdirSync(join(dir, 'pred'));
    mkdirSync(join(dir, 'truth'));
    // a: perfect; b: the two cells merged (see metrics.test.ts: Rand error 1/3, pixel error 1/5).
    png(join(dir, 'truth', 'a.png'), [[C, C, 0, C, C]]);
    png(join(dir, 'pred', 'a.png'), [[C, C, 0, C, C]]);
    png(join(dir, 'truth', 'b.png'), [[C, C, 0, C, C]]);
    png(join(dir, 'pred', 'b.png'), [[C, C, C, C, C]]);
  });
  afterEach(() => vi.restoreAllMocks());
  /** `unetc eval --pred <dir>/pred --truth <dir>/truth`, the start of every command below. */
  const scoreArgs = () => ['eval', '--pred', join(dir, 'pred'), '--truth', join(dir, 'truth')];

  it('scores per image and in total (json)', async () => {
    const r = await run([...scoreArgs(), '--format', 'json', '--classes', 'membrane=0,cell=255']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      images: { name: string; pixelError: number; randError: number }[];
      totals: { pixelError: number; randError: number; perClass: { class: string; iou: number }[] };
    };
    expect(report.images.map((i) => i.name)).toEqual(['a', 'b']);
    expect(report.images[0]!.randError).toBe(0);
    expect(report.images[1]!.randError).toBeCloseTo(1 / 3, 10);
    expect(report.totals.pixelError).toBeCloseTo(1 / 10, 10);
    expect(report.totals.randError).toBeCloseTo(1 / 6, 10);
    expect(report.totals.perClass.map((c) => c.class)).toEqual(['membrane', 'cell']);
  });

  it('prints a text table with totals, inferring classes from the truth', async () => {
    const r = await run(scoreArgs());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^image\s+pixel err\s+Rand err/);
    expect(r.out).toMatch(/\nb\s+0\.2000\s+0\.3333/);
    expect(r.out).toMatch(/total \(2\)\s+0\.1000\s+0\.1667/);
  });

  it('names the file without a partner, and a size mismatch, on one line', async () => {
    png(join(dir, 'truth', 'c.png'), [[C, 0]]);
    let r = await run(scoreArgs());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^unetc: no prediction for .*c\.png/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    png(join(dir, 'pred', 'c.png'), [[C], [0]]);
    r = await run(scoreArgs());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/c\.png is 2×1 but .*c\.png is 1×2/);
  });

  it('rejects prediction values outside the classes, naming the file', async () => {
    png(join(dir, 'pred', 'b.png'), [[C, 7, C, C, C]]);
    const r = await run([...scoreArgs(), '--classes', '0,255']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pred.b\.png: unexpected mask values 7/);
  });

  it('needs --pred or --model', async () => {
    const r = await run(['eval', '--truth', join(dir, 'truth')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('pass either --pred');
  });

  it('scores TIFF stacks slice by slice, or as 3D volumes', async () => {
    const stack = (values: number[]) =>
      encodeTiff({ shape: [values.length / 4, 2, 2, 1], data: Float32Array.from(values) });
    // Slice 0 identical; slice 1 a cell that the prediction misses.
    writeFileSync(join(dir, 'truth', 'v.tif'), stack([255, 255, 0, 0, 255, 0, 0, 0]));
    writeFileSync(join(dir, 'pred', 'v.tif'), stack([255, 255, 0, 0, 0, 0, 0, 0]));
    let r = await run([...scoreArgs(), '--format', 'json', '--classes', '0,255']);
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.out) as { images: { name: string }[] }).images.map((i) => i.name);
    expect(names).toEqual(['a', 'b', 'v[0]', 'v[1]']);
    r = await run([...scoreArgs(), '--format', 'json', '--classes', '0,255', '--volumes', '3d']);
    const volume = (JSON.parse(r.out) as { images: { name: string; shape: number[] }[] }).images.find(
      (i) => i.name === 'v',
    )!;
    expect(volume.shape).toEqual([2, 2, 2]);
  });
});

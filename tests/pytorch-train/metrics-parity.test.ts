import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/runtime/data/rng.js';
import { evaluateImage, summarise } from '../../src/runtime/eval/index.js';
import { compilePackage, FIXTURES, runPython, TINY_SPEC } from './helpers.js';

/** metrics.py (train.py's validation scores) against unetc's evaluation of the same label maps. */
let dir: string;
let pkg: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unetc-torch-metrics-'));
  pkg = await compilePackage(TINY_SPEC, join(dir, 'pkg'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Cells (class 1, some class 2) on membrane (0), with a few ignored (-1) pixels. */
function cells(rng: Rng, h: number, w: number, ignore: boolean): Float32Array {
  const out = new Float32Array(h * w);
  for (let k = 0; k < 6; k++) {
    const [y0, x0, size] = [rng.int(h - 6), rng.int(w - 6), 3 + rng.int(4)];
    for (let y = y0; y < y0 + size; y++)
      for (let x = x0; x < x0 + size; x++) out[y * w + x] = k === 5 ? 2 : 1;
  }
  if (ignore) for (let i = 0; i < out.length; i += 37) out[i] = -1;
  return out;
}

describe('metrics.py matches unetc eval', () => {
  it('pixel error, Dice, IoU, Rand and information errors, VI', async () => {
    const [n, h, w] = [3, 24, 28];
    const rng = Rng.fromSeed(9);
    const truth = Array.from({ length: n }, () => cells(rng, h, w, true));
    const pred = Array.from({ length: n }, () => cells(rng, h, w, false));
    const flat = (parts: Float32Array[]) =>
      Buffer.from(Float32Array.from(parts.flatMap((p) => [...p])).buffer);
    await writeFile(join(dir, 'truth.f32'), flat(truth));
    await writeFile(join(dir, 'pred.f32'), flat(pred));
    const options = { classes: 3, foreground: [1, 2] };
    await writeFile(
      join(dir, 'job.json'),
      JSON.stringify({
        shape: [n, h, w],
        truth: join(dir, 'truth.f32'),
        pred: join(dir, 'pred.f32'),
        ...options,
      }),
    );
    const run = await runPython([join(FIXTURES, 'metrics_job.py'), pkg, join(dir, 'job.json')]);
    expect(run.code, run.stderr).toBe(0);
    const got = JSON.parse(run.stdout) as Record<string, number>;
    const images = truth.map((t, i) =>
      evaluateImage(`t${i}`, { shape: [h, w], data: t }, { shape: [h, w], data: pred[i]! }, options),
    );
    const want = summarise(images, 3);
    expect(got['pixel_error']).toBeCloseTo(want.pixelError!, 9);
    expect(got['dice']).toBeCloseTo(want.meanDice!, 9);
    expect(got['iou']).toBeCloseTo(want.meanIoU!, 9);
    expect(got['rand_error']).toBeCloseTo(want.randError!, 9);
    expect(got['info_error']).toBeCloseTo(want.infoError!, 9);
    expect(got['vi']).toBeCloseTo(want.variationOfInformation!, 9);
    expect(want.randError).toBeGreaterThan(0.05);
  }, 60_000);
});

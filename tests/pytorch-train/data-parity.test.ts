import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BorderMode } from '../../src/compiler/spec/pipeline-spec.js';
import { coordinateMap, cropCoordinates, rotationMatrix } from '../../src/runtime/data/augment/affine.js';
import type { ElasticControl } from '../../src/runtime/data/augment/elastic-field.js';
import { applyIntensity } from '../../src/runtime/data/augment/intensity.js';
import { resample, type Interpolation } from '../../src/runtime/data/augment/resample.js';
import { makeImage, type Image } from '../../src/runtime/data/image.js';
import { readImage } from '../../src/runtime/data/read-image.js';
import { Rng } from '../../src/runtime/data/rng.js';
import { computeWeightMap, type WeightMapParams } from '../../src/runtime/data/weight-map/weight-map.js';
import { compilePackage, FIXTURES, runPython, TINY_SPEC } from './helpers.js';

/**
 * data.py / augment.py against the TypeScript pipeline, fed identical inputs and identical
 * transform parameters (matrix, centre, elastic control vectors): the same weight maps and the
 * same warped image, label and weight tiles, to 1e-4.
 */
let dir: string;
let pkg: string;
const jobs: Record<string, unknown>[] = [];
const expected: Float32Array[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unetc-torch-parity-'));
  pkg = await compilePackage(TINY_SPEC, join(dir, 'pkg'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function addJob(input: Image, job: Record<string, unknown>, want: Float32Array): Promise<void> {
  const n = jobs.length;
  await writeFile(join(dir, `in-${n}.f32`), Buffer.from(input.data.buffer));
  jobs.push({
    ...job,
    input: join(dir, `in-${n}.f32`),
    shape: input.shape,
    output: join(dir, `out-${n}.f32`),
  });
  expected.push(want);
}

async function runJobs(): Promise<Float32Array[]> {
  await writeFile(join(dir, 'jobs.json'), JSON.stringify(jobs));
  const run = await runPython([join(FIXTURES, 'parity.py'), pkg, join(dir, 'jobs.json')]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return Promise.all(
    jobs.map(async (_, n) => {
      const bytes = await readFile(join(dir, `out-${n}.f32`));
      return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    }),
  );
}

/** ISBI label 0 (membrane 0, cell 255 → classes 0/1), a 160×160 crop with dozens of cells. */
async function isbiLabel(): Promise<Image> {
  const raw = await readImage(join(FIXTURES, '../../../examples/isbi2012/data/label/0.png'));
  const width = raw.shape[1]!;
  const out = makeImage([160, 160, 1]);
  for (let y = 0; y < 160; y++)
    for (let x = 0; x < 160; x++) out.data[y * 160 + x] = raw.data[(y + 40) * width + x + 60]! > 127 ? 1 : 0;
  return out;
}

/** A 3D label of random boxes (class 1, a few class 2) with some ignored (-1) pixels. */
function blobs3d(): Image {
  const rng = Rng.fromSeed(5);
  const [d, h, w] = [10, 24, 24];
  const out = makeImage([d, h, w, 1]);
  for (let k = 0; k < 9; k++) {
    const [z, y, x] = [rng.int(d - 3), rng.int(h - 5), rng.int(w - 5)];
    for (let a = z; a < z + 3; a++)
      for (let b = y; b < y + 4; b++)
        for (let c = x; c < x + 4; c++) out.data[(a * h + b) * w + c] = k % 3 === 2 ? 2 : 1;
  }
  out.data[0] = -1;
  out.data[5] = -1;
  return out;
}

function randomImage(shape: readonly number[], seed: number): Image {
  const rng = Rng.fromSeed(seed);
  const img = makeImage(shape);
  for (let i = 0; i < img.data.length; i++) img.data[i] = rng.next();
  return img;
}

function elastic(grid: readonly number[], sigma: number, seed: number): ElasticControl {
  const rng = Rng.fromSeed(seed);
  const count = grid.reduce((a, b) => a * b, 1);
  return {
    grid,
    vectors: grid.map(() => Float64Array.from({ length: count }, () => rng.gaussian(0, sigma))),
  };
}

interface Warp {
  readonly matrix: Float64Array;
  readonly sourceCenter: number[];
  readonly elastic: ElasticControl | null;
  readonly outShape: number[];
  readonly crop?: { offset: number[]; shape: number[] };
}

async function addWarp(src: Image, warp: Warp, interpolation: Interpolation, border: BorderMode) {
  let coords = coordinateMap(warp, warp.outShape);
  if (warp.crop) coords = cropCoordinates(coords, warp.outShape, warp.crop.offset, warp.crop.shape);
  const shape = warp.crop?.shape ?? warp.outShape;
  const want = resample(src, coords, shape, interpolation, border).data;
  await addJob(
    src,
    {
      kind: 'warp',
      matrix: [...warp.matrix],
      sourceCenter: warp.sourceCenter,
      elastic: warp.elastic && { grid: warp.elastic.grid, vectors: warp.elastic.vectors.map((v) => [...v]) },
      outShape: warp.outShape,
      crop: warp.crop ?? null,
      interpolation: interpolation === 'cubic' ? 'cubic' : interpolation,
      border,
    },
    want,
  );
}

describe('data.py matches the TypeScript data pipeline', () => {
  it('weight maps (2D ISBI cells, 3D boxes with ignored pixels), warped tiles and intensity changes, to 1e-4', async () => {
    const label = await isbiLabel();
    const paper: WeightMapParams = { w0: 10, sigma: 5, classBalance: true, foreground: [1] };
    await addJob(label, { kind: 'weightmap', params: paper }, computeWeightMap(label, paper).data);
    const plain: WeightMapParams = { w0: 10, sigma: 3, classBalance: false, foreground: [1] };
    await addJob(label, { kind: 'weightmap', params: plain }, computeWeightMap(label, plain).data);
    const volume = blobs3d();
    const three: WeightMapParams = { w0: 5, sigma: 2, classBalance: true, foreground: [1, 2] };
    await addJob(volume, { kind: 'weightmap', params: three }, computeWeightMap(volume, three).data);

    const image = randomImage([40, 36, 2], 1);
    const rotate = rotationMatrix(2, 0.3);
    const paperWarp: Warp = {
      matrix: rotate,
      sourceCenter: [19.5, 17],
      elastic: elastic([3, 3], 10, 2),
      outShape: [44, 44],
    };
    for (const border of ['mirror', 'edge', 'zero'] as const)
      for (const how of ['cubic', 'linear', 'nearest'] as const) await addWarp(image, paperWarp, how, border);
    const labels = makeImage([40, 36, 1], label.data.slice(0, 40 * 36));
    await addWarp(labels, { ...paperWarp, crop: { offset: [6, 6], shape: [32, 32] } }, 'nearest', 'mirror');
    const cube = randomImage([10, 12, 12, 1], 3);
    await addWarp(
      cube,
      {
        matrix: rotationMatrix(3, -0.2),
        sourceCenter: [4.5, 6, 5],
        elastic: elastic([3, 3, 3], 2, 4),
        outShape: [8, 10, 10],
      },
      'cubic',
      'mirror',
    );

    const plan = { gamma: 1.3, contrast: 0.8, brightness: -0.05, noiseStd: null };
    const changed = makeImage(image.shape, image.data.slice());
    applyIntensity(changed, plan, Rng.fromSeed(1));
    await addJob(image, { kind: 'intensity', plan: { ...plan, noise: null } }, changed.data);

    const got = await runJobs();
    got.forEach((values, n) => {
      const want = expected[n]!;
      expect(values.length, `job ${n}`).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(values[i]! - want[i]!));
      expect(worst, `job ${n} (${String(jobs[n]!['kind'])})`).toBeLessThanOrEqual(1e-4);
    });
    // The weight maps are not trivial: border weights well above w_c between close cells.
    expect(Math.max(...expected[1]!)).toBeGreaterThan(3);
  }, 60_000);
});

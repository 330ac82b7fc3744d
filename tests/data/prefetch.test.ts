import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AugmentSpec, DataSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { pairSources, type SamplePair } from '../../src/runtime/data/pair-sources.js';
import { createBatchSource, type BatchSourceOptions } from '../../src/runtime/data/prefetch/batch-source.js';
import { writePng } from '../../src/runtime/data/write-png.js';
import { imageFrom, tempDir } from './helpers.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
let pairs: SamplePair[] = [];
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  for (let i = 0; i < 5; i++) {
    await writePng(
      join(dir, 'img', `${i}.png`),
      imageFrom([40, 36, 1], (k) => (k * (i + 3)) % 256),
    );
    await writePng(
      join(dir, 'msk', `${i}.png`),
      imageFrom([40, 36, 1], (k) => ((k >> 3) % 3 === 0 ? 0 : 255)),
    );
  }
  await writePng(
    join(dir, 'bad', 'img', '0.png'),
    imageFrom([40, 36, 1], () => 1),
  );
  await writePng(
    join(dir, 'bad', 'msk', '0.png'),
    imageFrom([40, 36, 1], () => 77),
  );
  pairs = await pairSources(
    Array.from({ length: 5 }, (_, i) => join(dir, 'img', `${i}.png`)),
    Array.from({ length: 5 }, (_, i) => join(dir, 'msk', `${i}.png`)),
    dir,
    2,
  );
});
afterAll(() => cleanup());

const data: Pick<DataSpec, 'classMap' | 'ignoreValue' | 'normalize' | 'weightMap'> = {
  classMap: [
    { value: 0, classIndex: 0, name: 'membrane' },
    { value: 255, classIndex: 1, name: 'cell' },
  ],
  ignoreValue: null,
  normalize: { kind: 'per_image' },
  weightMap: { $path: '', w0: 10, sigma: 5, classBalance: true, foreground: [1] },
};

const augment: AugmentSpec = {
  $path: '',
  elastic: { $path: '', p: 0.9, grid: [3, 3], sigma: 10, interpolation: 'bicubic' },
  flip: { p: 0.5, axes: [0, 1], $path: '' },
  rotate90: null,
  rotate: { p: 0.5, range: { min: -10, max: 10 }, $path: '' },
  scale: null,
  shift: null,
  brightness: { p: 0.5, range: { min: -0.1, max: 0.1 }, $path: '' },
  contrast: null,
  gamma: null,
  noise: { p: 0.5, std: { min: 0, max: 0.1 }, $path: '' },
};

function options(workers: number, extra: Partial<BatchSourceOptions> = {}): BatchSourceOptions {
  return {
    pairs,
    dataset: { dims: 2, data, cacheDir: join(dir, 'cache') },
    augment,
    geometry: {
      input: [28, 28],
      labelCrop: [
        [4, 4],
        [4, 4],
      ],
    },
    border: 'mirror',
    seed: 42,
    batch: 3,
    workers,
    endStep: 4,
    ...extra,
  };
}

async function collect(workers: number, extra: Partial<BatchSourceOptions> = {}) {
  const source = createBatchSource(options(workers, extra));
  const batches = [];
  for await (const b of source) batches.push(b);
  const stats = source.stats();
  await source.close();
  return { batches, stats };
}

describe('prefetching BatchSource', () => {
  it('produces shaped batches and measures the wait per step', async () => {
    const { batches, stats } = await collect(0);
    expect(batches.map((b) => b.step)).toEqual([0, 1, 2, 3]);
    const b = batches[0]!;
    expect(b.imageShape).toEqual([3, 28, 28, 1]);
    expect(b.labelShape).toEqual([3, 20, 20, 1]);
    expect(b.images.length).toBe(3 * 28 * 28);
    expect(b.weights!.length).toBe(3 * 20 * 20);
    expect(new Set(b.labels)).toEqual(new Set([0, 1]));
    expect(stats.steps).toBe(4);
    expect(stats.totalWaitMs).toBeGreaterThan(0); // inline: the data work itself is the wait
    expect(stats.meanWaitMs).toBeCloseTo(stats.totalWaitMs / 4, 6);
    // Epoch order: the first 5 draws cover every sample once.
    expect(new Set(batches.flatMap((x) => x.ids).slice(0, 5)).size).toBe(5);
  });

  it('is deterministic given the seed, regardless of worker count, and resumes mid-run', async () => {
    const inline = await collect(0);
    const two = await collect(2);
    const resumed = await collect(1, { startStep: 2 });
    for (let s = 0; s < 4; s++) {
      expect(Array.from(two.batches[s]!.images)).toEqual(Array.from(inline.batches[s]!.images));
      expect(Array.from(two.batches[s]!.labels!)).toEqual(Array.from(inline.batches[s]!.labels!));
      expect(Array.from(two.batches[s]!.weights!)).toEqual(Array.from(inline.batches[s]!.weights!));
    }
    expect(resumed.batches.map((b) => b.step)).toEqual([2, 3]);
    expect(Array.from(resumed.batches[0]!.images)).toEqual(Array.from(inline.batches[2]!.images));
    const other = await collect(0, { seed: 43 });
    expect(Array.from(other.batches[0]!.images)).not.toEqual(Array.from(inline.batches[0]!.images));
  });

  it('surfaces bad data from a worker as a clear error naming the file', async () => {
    const bad = await pairSources(
      [join(dir, 'bad', 'img', '0.png')],
      [join(dir, 'bad', 'msk', '0.png')],
      dir,
      2,
    );
    const source = createBatchSource(options(1, { pairs: bad, endStep: 1 }));
    await expect(source.next()).rejects.toThrow(/bad\/msk\/0\.png: unexpected mask values 77/);
    await source.close();
  });
});

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { Dataset } from '../../src/runtime/data/dataset.js';
import { listSources, pairSources } from '../../src/runtime/data/pair-sources.js';
import { writePng } from '../../src/runtime/data/write-png.js';
import { writeTiff } from '../../src/runtime/data/write-tiff.js';
import { imageFrom, ISBI_DIR, tempDir } from './helpers.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

const tiling = { $path: '', tile: [], overlap: [], blend: 'none' as const };
function dataSpec(images: string[], masks: string[], extra: Partial<DataSpec> = {}): DataSpec {
  return {
    $path: '/data',
    images,
    masks,
    classMap: [
      { value: 0, classIndex: 0, name: 'membrane' },
      { value: 255, classIndex: 1, name: 'cell' },
    ],
    ignoreValue: null,
    normalize: { kind: 'range', min: 0, max: 255 },
    border: 'mirror',
    validation: { fraction: 0.2 },
    weightMap: { $path: '', w0: 10, sigma: 5, classBalance: true, foreground: [1] },
    train: tiling,
    predict: tiling,
    ...extra,
  };
}

async function makeSet(name: string, stems: string[], maskStems: string[], maskSize = 8): Promise<string> {
  const root = join(dir, name);
  await mkdir(join(root, 'img'), { recursive: true });
  await mkdir(join(root, 'msk'), { recursive: true });
  for (const s of stems)
    await writePng(
      join(root, 'img', `${s}.png`),
      imageFrom([8, 8, 1], (i) => i),
    );
  for (const s of maskStems)
    await writePng(
      join(root, 'msk', `${s}.png`),
      imageFrom([maskSize, 8, 1], (i) => (i % 3 === 0 ? 255 : 0)),
    );
  return root;
}

describe('pairing sources', () => {
  it('pairs by stem (ignoring _mask affixes), in natural order, relative to the spec dir', async () => {
    const root = await makeSet('stems', ['10', '2', 'a'], ['2_mask', '10', 'a_label']);
    const sets = await listSources(dataSpec(['img/*.png'], ['msk'], { validation: { fraction: 0 } }), root, {
      dims: 2,
      seed: 1,
    });
    expect(sets.train.map((p) => p.id)).toEqual(['img/2.png', 'img/10.png', 'img/a.png']);
    expect(sets.train.map((p) => p.mask!.path.split('/').pop())).toEqual([
      '2_mask.png',
      '10.png',
      'a_label.png',
    ]);
  });

  it('names the unmatched files on missing partners', async () => {
    const root = await makeSet('missing', ['1', '2', '3'], ['1', '4']);
    await expect(listSources(dataSpec(['img'], ['msk']), root, { dims: 2, seed: 1 })).rejects.toThrow(
      /no mask for img\/2\.png, img\/3\.png; no image for mask msk\/4\.png/,
    );
  });

  it('fails clearly on globs that match nothing and missing paths', async () => {
    const root = await makeSet('empty', ['1'], ['1']);
    await expect(
      listSources(dataSpec(['nothing/*.png'], ['msk']), root, { dims: 2, seed: 1 }),
    ).rejects.toThrow(/pattern 'nothing\/\*\.png'.*matches no/);
    await expect(listSources(dataSpec(['nope'], ['msk']), root, { dims: 2, seed: 1 })).rejects.toThrow(
      /nope does not exist/,
    );
  });

  it('pairs an image stack with a label stack page by page (ISBI train-volume.tif style)', async () => {
    const root = join(dir, 'stacks');
    await writeTiff(
      join(root, 'train-volume.tif'),
      imageFrom([5, 8, 8, 1], (i) => i % 256),
    );
    await writeTiff(
      join(root, 'train-labels.tif'),
      imageFrom([5, 8, 8, 1], (i) => (i % 2) * 255),
    );
    const pairs = await pairSources(
      [join(root, 'train-volume.tif')],
      [join(root, 'train-labels.tif')],
      root,
      2,
    );
    expect(pairs.map((p) => [p.id, p.image.page, p.mask!.page])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [`train-volume.tif[${i}]`, i, i]),
    );
    const vol = await pairSources(
      [join(root, 'train-volume.tif')],
      [join(root, 'train-labels.tif')],
      root,
      3,
    );
    expect(vol).toHaveLength(1);
    const ds = new Dataset(vol, { dims: 3, data: dataSpec([], []), cacheDir: null });
    const s = await ds.load(0);
    expect(s.image.shape).toEqual([5, 8, 8, 1]);
    expect(s.weight!.shape).toEqual([5, 8, 8, 1]);
  });

  it('splits validation by a seeded fraction, reproducibly', async () => {
    const stems = Array.from({ length: 10 }, (_, i) => String(i));
    const root = await makeSet('split', stems, stems);
    const a = await listSources(dataSpec(['img'], ['msk'], { validation: { fraction: 0.3 } }), root, {
      dims: 2,
      seed: 4,
    });
    const b = await listSources(dataSpec(['img'], ['msk'], { validation: { fraction: 0.3 } }), root, {
      dims: 2,
      seed: 4,
    });
    expect(a.validation).toHaveLength(3);
    expect(a.train).toHaveLength(7);
    expect(a.validation.map((p) => p.id)).toEqual(b.validation.map((p) => p.id));
  });
});

describe('dataset loading', () => {
  it('reports size mismatches naming both files', async () => {
    const root = await makeSet('sizes', ['1'], ['1'], 9);
    const pairs = await pairSources([join(root, 'img/1.png')], [join(root, 'msk/1.png')], root, 2);
    const ds = new Dataset(pairs, { dims: 2, data: dataSpec([], []), cacheDir: null });
    await expect(ds.load(0)).rejects.toThrow(
      /size mismatch: image .*img\/1\.png is 8×8 but mask .*msk\/1\.png is 9×8/,
    );
  });

  it('reports unexpected mask values naming the file and the values', async () => {
    const root = join(dir, 'values');
    await writePng(
      join(root, 'i.png'),
      imageFrom([4, 4, 1], () => 1),
    );
    await writePng(
      join(root, 'm.png'),
      imageFrom([4, 4, 1], (i) => (i < 3 ? 128 : 255)),
    );
    const pairs = await pairSources([join(root, 'i.png')], [join(root, 'm.png')], root, 2);
    const ds = new Dataset(pairs, { dims: 2, data: dataSpec([], []), cacheDir: null });
    await expect(ds.load(0)).rejects.toThrow(
      /m\.png: unexpected mask values 128 \(3 px\); the spec's class map allows 0, 255/,
    );
  });

  it('streams the real ISBI slices with a byte-bounded cache', async () => {
    const sets = await listSources(
      dataSpec(['image'], ['label'], { validation: { fraction: 0 } }),
      ISBI_DIR,
      { dims: 2, seed: 0 },
    );
    expect(sets.train).toHaveLength(20);
    const perSample = 512 * 512 * 4 * 3;
    const ds = new Dataset(sets.train.slice(0, 4), {
      dims: 2,
      data: dataSpec([], []),
      cacheDir: null,
      cacheBytes: 2.5 * perSample,
    });
    for (let i = 0; i < 4; i++) {
      const s = await ds.load(i);
      expect(s.image.shape).toEqual([512, 512, 1]);
      expect(Math.min(...s.image.data.subarray(0, 5000))).toBeGreaterThanOrEqual(0);
      expect(new Set(s.label!.data)).toEqual(new Set([0, 1]));
      expect(ds.cachedBytes).toBeLessThanOrEqual(2.5 * perSample);
    }
  });
});

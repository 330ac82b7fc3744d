import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { makeImage } from '../../src/runtime/data/image.js';
import { readImage } from '../../src/runtime/data/read-image.js';
import { writeTiff } from '../../src/runtime/data/write-tiff.js';
import { readRunLog } from '../../src/runtime/train/run-log.js';
import { scaleFilters, specText } from './helpers/tiny-variant.js';

/**
 * A 3D family through `unetc train` and `unetc predict` on TIFF volumes: specs/nnunet-3d.unet
 * (anisotropic strides, deep supervision at native resolution) with filters ÷ 16, trained on
 * 16×64×64 volumes with 3D augmentation (flips on all three axes, in-plane quarter turns, 3D
 * elastic deformation, scaling), then predicting a whole volume by overlap-tile inference.
 */
const size = [16, 64, 64];

/** A volume with a bright ball (class 2) in a medium slab (class 1) on a dark background (0). */
function volumes(seed: number) {
  const image = makeImage([...size, 1]);
  const label = makeImage([...size, 1]);
  const [d, h, w] = size as [number, number, number];
  for (let z = 0; z < d; z++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (z * h + y) * w + x;
        const r = Math.hypot((z - d / 2) / 5, (y - h / 2 - seed) / 16, (x - w / 2 + seed) / 16);
        const cls = r < 1 ? 2 : y > h * 0.7 ? 1 : 0;
        label.data[i] = cls * 100;
        image.data[i] = 40 + cls * 90 + ((i * 7919 + seed) % 23);
      }
    }
  }
  return { image, label };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'unetc-train3d-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('3D: nnunet-3d (tiny) trains with 3D augmentation and predicts whole volumes', () => {
  it('trains 2 steps through unetc train and writes a label volume of the spec’s values', async () => {
    const files: string[][] = [];
    for (const seed of [0, 3, 5]) {
      const { image, label } = volumes(seed);
      const pair = [path.join(root, `vol${seed}.tif`), path.join(root, `vol${seed}-label.tif`)];
      await writeTiff(pair[0]!, image);
      await writeTiff(pair[1]!, label);
      files.push(pair);
    }
    const data = [
      'data {',
      `  images: [${files.map((f) => JSON.stringify(f[0])).join(', ')}]`,
      `  masks: [${files.map((f) => JSON.stringify(f[1])).join(', ')}]`,
      '  classes { background: 0, slab: 100, ball: 200 }',
      '  normalize: range(0, 255)',
      '  validation: 34%',
      '}',
      'augment {',
      '  flip { p: 100%, axes: [x, y, z] }',
      '  rotate90 { p: 100% }',
      '  elastic { p: 100%, grid: 3, sigma: 2px, interpolation: bilinear }',
      '  scale { p: 100%, range: 0.9..1.1 }',
      '}',
      '',
    ].join('\n');
    const text = scaleFilters(specText('nnunet-3d.unet').text, 16)
      .replace('80 x 192 x 160 x 1', '8 x 32 x 64 x 1')
      .replace(/^train \{/m, `${data}train {`);
    const spec = path.join(root, 'nnunet-3d-tiny.unet');
    await writeFile(spec, text);

    const run = path.join(root, 'run');
    const cpu = ['--backend', 'cpu', '--workers', '0'];
    expect(await main(['train', spec, '--out', run, '--steps', '2', '--batch', '2', ...cpu])).toBe(0);
    const steps = readRunLog(path.join(run, 'train.jsonl')).flatMap((r) => (r.type === 'step' ? [r] : []));
    expect(steps.map((s) => s.step)).toEqual([1, 2]);
    expect(steps.every((s) => Number.isFinite(s.loss))).toBe(true);

    const out = path.join(root, 'pred');
    expect(
      await main(['predict', path.join(run, 'model'), files[0]![0]!, '--out', out, '--backend', 'cpu']),
    ).toBe(0);
    const labels = await readImage(path.join(out, 'vol0.tif'));
    expect(labels.shape).toEqual([...size, 1]);
    expect([...new Set(labels.data)].every((v) => v === 0 || v === 100 || v === 200)).toBe(true);
  });
});

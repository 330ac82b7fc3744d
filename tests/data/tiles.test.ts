import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AugmentSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { spatialShape, type Image } from '../../src/runtime/data/image.js';
import { Rng } from '../../src/runtime/data/rng.js';
import {
  extractInputTile,
  planInferenceTiles,
  TileStitcher,
  type Blend,
} from '../../src/runtime/data/tiles/inference-tiles.js';
import { sampleTrainTile } from '../../src/runtime/data/tiles/train-tiles.js';
import { extractWindow } from '../../src/runtime/data/tiles/window.js';
import { imageFrom } from './helpers.js';

/** A fake network: crops the centre of the input tile (what an ideal valid-padding net "sees"). */
function fakeNet(tile: Image, crop: readonly (readonly [number, number])[]): Image {
  const shape = spatialShape(tile);
  return extractWindow(
    tile,
    crop.map(([b]) => b),
    shape.map((s, a) => s - crop[a]![0] - crop[a]![1]),
  );
}

const arbCase = (dims: 2 | 3) =>
  fc.record({
    size: fc.array(fc.integer({ min: 1, max: dims === 2 ? 70 : 20 }), { minLength: dims, maxLength: dims }),
    output: fc.array(fc.integer({ min: 1, max: dims === 2 ? 24 : 8 }), { minLength: dims, maxLength: dims }),
    crop: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: dims, maxLength: dims }),
    overlap: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: dims, maxLength: dims }),
    blend: fc.constantFrom<Blend>('none', 'mean', 'gaussian'),
    channels: fc.integer({ min: 1, max: 3 }),
  });

describe('inference tiling (overlap-tile)', () => {
  for (const dims of [2, 3] as const) {
    it(`reassembles any ${dims}D image size exactly (valid crops, overlaps, blends)`, () => {
      fc.assert(
        fc.property(arbCase(dims), ({ size, output, crop, overlap, blend, channels }) => {
          const image = imageFrom([...size, channels], (i) => (i * 37) % 101);
          const labelCrop = crop.map((c) => [c, c] as const);
          const input = output.map((o, a) => o + 2 * crop[a]!);
          const ov = overlap.map((v, a) => Math.min(v, output[a]! - 1));
          const plan = planInferenceTiles({ imageShape: size, input, labelCrop, overlap: ov, blend });
          const stitcher = new TileStitcher(plan, channels);
          for (const tile of plan.tiles) {
            const inTile = extractInputTile(image, plan, tile);
            expect(inTile.shape).toEqual([...input, channels]);
            stitcher.add(tile, fakeNet(inTile, labelCrop));
          }
          const out = stitcher.result();
          expect(out.shape).toEqual(image.shape);
          if (blend === 'none') expect(Array.from(out.data)).toEqual(Array.from(image.data));
          else
            for (let i = 0; i < out.data.length; i++)
              expect(Math.abs(out.data[i]! - image.data[i]!)).toBeLessThan(1e-3);
        }),
        { numRuns: 120 },
      );
    });
  }

  it('plans the paper layout: 512² with 572 → 388 tiles is 2×2 tiles, 92 px mirrored context', () => {
    const plan = planInferenceTiles({
      imageShape: [512, 512],
      input: [572, 572],
      labelCrop: [
        [92, 92],
        [92, 92],
      ],
    });
    expect(plan.output).toEqual([388, 388]);
    expect(plan.tiles.map((t) => t.outputOrigin)).toEqual([
      [0, 0],
      [0, 124],
      [124, 0],
      [124, 124],
    ]);
    expect(plan.tiles[0]!.inputOrigin).toEqual([-92, -92]);
  });

  it('partitions the image among tiles when not blending', () => {
    const plan = planInferenceTiles({
      imageShape: [50, 31],
      input: [16, 16],
      labelCrop: [
        [0, 0],
        [0, 0],
      ],
      overlap: [4, 4],
    });
    const hits = new Int32Array(50 * 31);
    for (const t of plan.tiles)
      for (let y = t.writeFrom[0]!; y < t.writeTo[0]!; y++)
        for (let x = t.writeFrom[1]!; x < t.writeTo[1]!; x++) hits[y * 31 + x]!++;
    expect(new Set(hits)).toEqual(new Set([1]));
  });
});

describe('training tiles', () => {
  const crop = [
    [3, 4],
    [2, 2],
  ] as const;

  it('without augmentation: image = mirrored window, label/weight = its centre crop', () => {
    const image = imageFrom([30, 25, 1], (i) => i);
    const label = imageFrom([30, 25, 1], (i) => i % 3);
    const weight = imageFrom([30, 25, 1], (i) => i / 10);
    for (let seed = 0; seed < 20; seed++) {
      const tile = sampleTrainTile(
        { image, label, weight },
        { input: [20, 16], labelCrop: crop },
        null,
        Rng.fromSeed(seed),
      );
      const o = tile.outputOrigin;
      expect(Array.from(tile.image.data)).toEqual(
        Array.from(extractWindow(image, [o[0]! - 3, o[1]! - 2], [20, 16]).data),
      );
      expect(tile.label!.shape).toEqual([13, 12, 1]);
      expect(Array.from(tile.label!.data)).toEqual(Array.from(extractWindow(label, o, [13, 12]).data));
      expect(Array.from(tile.weight!.data)).toEqual(Array.from(extractWindow(weight, o, [13, 12]).data));
      expect(o[0]).toBeGreaterThanOrEqual(0);
      expect(o[0]! + 13).toBeLessThanOrEqual(30);
    }
  });

  it('with full augmentation: shapes hold, labels keep their value set, seeded runs repeat', () => {
    const spec: AugmentSpec = {
      $path: '/augment',
      elastic: { $path: '/augment/elastic', p: 1, grid: [3, 3], sigma: 10, interpolation: 'bicubic' },
      flip: { p: 0.5, axes: [0, 1], $path: '' },
      rotate90: { p: 0.5, $path: '' },
      rotate: { p: 1, range: { min: -15, max: 15 }, $path: '' },
      scale: { p: 1, range: { min: 0.9, max: 1.1 }, $path: '' },
      shift: { p: 1, range: { min: -5, max: 5 }, $path: '' },
      brightness: { p: 1, range: { min: -0.1, max: 0.1 }, $path: '' },
      contrast: { p: 1, range: { min: 0.8, max: 1.2 }, $path: '' },
      gamma: { p: 1, range: { min: 0.8, max: 1.2 }, $path: '' },
      noise: { p: 1, std: { min: 0, max: 0.05 }, $path: '' },
    };
    const image = imageFrom([40, 40, 1], (i) => Math.sin(i / 7));
    const label = imageFrom([40, 40, 1], (i) => [0, 1, 3][Math.floor(i / 97) % 3]!);
    const weight = imageFrom([40, 40, 1], () => 2);
    const run = (seed: number) =>
      sampleTrainTile(
        { image, label, weight },
        { input: [24, 24], labelCrop: crop },
        spec,
        Rng.fromSeed(seed),
      );
    const a = run(9);
    const b = run(9);
    expect(Array.from(a.image.data)).toEqual(Array.from(b.image.data));
    expect(Array.from(a.label!.data)).toEqual(Array.from(b.label!.data));
    expect(a.image.shape).toEqual([24, 24, 1]);
    expect(a.label!.shape).toEqual([17, 20, 1]);
    for (let s = 0; s < 20; s++) {
      const t = run(s);
      for (const v of t.label!.data) expect([0, 1, 3]).toContain(v);
      for (const v of t.weight!.data) expect(v).toBeCloseTo(2, 5); // linear warp of a constant
    }
    expect(Array.from(run(10).image.data)).not.toEqual(Array.from(a.image.data));
  });

  it('works in 3D', () => {
    const image = imageFrom([12, 14, 16, 2], (i) => i % 17);
    const label = imageFrom([12, 14, 16, 1], (i) => i % 2);
    const tile = sampleTrainTile(
      { image, label, weight: null },
      {
        input: [8, 8, 8],
        labelCrop: [
          [1, 1],
          [2, 2],
          [0, 0],
        ],
      },
      null,
      Rng.fromSeed(1),
    );
    expect(tile.image.shape).toEqual([8, 8, 8, 2]);
    expect(tile.label!.shape).toEqual([6, 4, 8, 1]);
    expect(tile.weight).toBeNull();
  });
});

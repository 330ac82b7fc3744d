import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AugmentSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { drawAugmentPlan } from '../../src/runtime/data/augment/augment.js';
import { applyIntensity, drawIntensityPlan } from '../../src/runtime/data/augment/intensity.js';
import { IGNORE_CLASS, mapMaskToClasses } from '../../src/runtime/data/class-map.js';
import { normalizeImage } from '../../src/runtime/data/normalize.js';
import { Rng } from '../../src/runtime/data/rng.js';
import { sampleTrainTile } from '../../src/runtime/data/tiles/train-tiles.js';
import { connectedComponents } from '../../src/runtime/data/connected-components.js';
import { imageFrom } from './helpers.js';

const none: AugmentSpec = {
  $path: '',
  elastic: null,
  flip: null,
  rotate90: null,
  rotate: null,
  scale: null,
  shift: null,
  brightness: null,
  contrast: null,
  gamma: null,
  noise: null,
};

describe('normalisation', () => {
  const img = imageFrom([4, 5, 1], (i) => i * 10);
  it('per_image gives zero mean, unit std', () => {
    const out = normalizeImage(img, { kind: 'per_image' });
    const mean = out.data.reduce((a, b) => a + b, 0) / out.data.length;
    const std = Math.sqrt(out.data.reduce((a, b) => a + (b - mean) ** 2, 0) / out.data.length);
    expect(mean).toBeCloseTo(0, 5);
    expect(std).toBeCloseTo(1, 5);
    expect(
      Array.from(
        normalizeImage(
          imageFrom([2, 2, 1], () => 7),
          { kind: 'per_image' },
        ).data,
      ),
    ).toEqual([0, 0, 0, 0]);
  });
  it('range and mean_std are affine maps; none copies', () => {
    expect(normalizeImage(img, { kind: 'range', min: 0, max: 190 }).data[19]).toBeCloseTo(1, 6);
    expect(normalizeImage(img, { kind: 'mean_std', mean: 50, std: 25 }).data[0]).toBeCloseTo(-2, 6);
    const copy = normalizeImage(img, { kind: 'none' });
    expect(copy.data).not.toBe(img.data);
    expect(Array.from(copy.data)).toEqual(Array.from(img.data));
  });
});

describe('class map', () => {
  const classes = [
    { value: 0, classIndex: 1, name: 'membrane' },
    { value: 255, classIndex: 0, name: 'cell' },
  ];
  it('maps values, ignore value → IGNORE_CLASS, gray-as-RGB masks accepted', () => {
    const rgb = imageFrom([1, 3, 3], (i) => [0, 255, 128][Math.floor(i / 3)]!);
    const out = mapMaskToClasses(rgb, classes, 128, 'm.png');
    expect(Array.from(out.data)).toEqual([1, 0, IGNORE_CLASS]);
  });
  it('rejects colour masks naming the file', () => {
    const rgb = imageFrom([1, 2, 3], (i) => i);
    expect(() => mapMaskToClasses(rgb, classes, null, 'colour.png')).toThrow(/colour\.png: colour mask/);
  });
  it('without a class map, values must be class indices', () => {
    expect(
      Array.from(
        mapMaskToClasses(
          imageFrom([1, 3, 1], (i) => i),
          [],
          null,
          'x',
        ).data,
      ),
    ).toEqual([0, 1, 2]);
    expect(() =>
      mapMaskToClasses(
        imageFrom([1, 2, 1], () => 0.5),
        [],
        null,
        'half.png',
      ),
    ).toThrow(/half\.png: unexpected mask values 0\.5/);
  });
});

describe('augmentation draws', () => {
  it('are reproducible and respect probabilities 0 and 1', () => {
    const spec: AugmentSpec = {
      ...none,
      brightness: { p: 1, range: { min: 0.5, max: 0.5 }, $path: '' },
      gamma: { p: 0, range: { min: 2, max: 2 }, $path: '' },
    };
    const plan = drawIntensityPlan(spec, Rng.fromSeed(3));
    expect(plan.brightness).toBe(0.5);
    expect(plan.gamma).toBeNull();
    const img = imageFrom([2, 2, 1], (i) => i);
    applyIntensity(img, plan, Rng.fromSeed(1));
    expect(Array.from(img.data)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(drawAugmentPlan(none, Rng.fromSeed(1), 2).spatialIdentity).toBe(true);
  });

  it("keep the other options' draws when one option is toggled", () => {
    const base: AugmentSpec = { ...none, brightness: { p: 1, range: { min: -1, max: 1 }, $path: '' } };
    const withNoise: AugmentSpec = { ...base, noise: { p: 1, std: { min: 0.1, max: 0.2 }, $path: '' } };
    expect(drawIntensityPlan(withNoise, Rng.fromSeed(8)).brightness).toBe(
      drawIntensityPlan(base, Rng.fromSeed(8)).brightness,
    );
  });

  it('contrast keeps the mean; gamma keeps the range', () => {
    const img = imageFrom([3, 3, 1], (i) => i);
    applyIntensity(img, { brightness: null, contrast: 2, gamma: null, noiseStd: null }, Rng.fromSeed(0));
    expect(img.data.reduce((a, b) => a + b, 0) / 9).toBeCloseTo(4, 5);
    const g = imageFrom([3, 3, 1], (i) => i);
    applyIntensity(g, { brightness: null, contrast: null, gamma: 2, noiseStd: null }, Rng.fromSeed(0));
    expect(g.data[0]).toBeCloseTo(0, 6);
    expect(g.data[8]).toBeCloseTo(8, 5);
    expect(g.data[4]).toBeCloseTo(2, 5);
  });

  it('3D: elastic + rotation + flips keep mask values and shapes', () => {
    const spec: AugmentSpec = {
      ...none,
      elastic: { $path: '', p: 1, grid: [3, 3, 3], sigma: 4, interpolation: 'bilinear' },
      flip: { p: 0.5, axes: [0, 1, 2], $path: '' },
      rotate: { p: 1, range: { min: -30, max: 30 }, $path: '' },
    };
    const image = imageFrom([10, 12, 12, 1], (i) => Math.cos(i));
    const label = imageFrom([10, 12, 12, 1], (i) => (i % 5 === 0 ? 2 : 0));
    for (let seed = 0; seed < 5; seed++) {
      const t = sampleTrainTile(
        { image, label, weight: null },
        {
          input: [8, 8, 8],
          labelCrop: [
            [1, 1],
            [1, 1],
            [1, 1],
          ],
        },
        spec,
        Rng.fromSeed(seed),
      );
      expect(t.image.shape).toEqual([8, 8, 8, 1]);
      expect(t.label!.shape).toEqual([6, 6, 6, 1]);
      for (const v of t.label!.data) expect([0, 2]).toContain(v);
    }
  });
});

describe('2D components fast path', () => {
  it('matches a reference flood fill on random masks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 1e6 }),
        (h, w, seed) => {
          const rng = Rng.fromSeed(seed);
          const mask = Uint8Array.from({ length: h * w }, () => (rng.chance(0.55) ? 1 : 0));
          const { labels, count } = connectedComponents(mask, [h, w]);
          // Reference: two face-neighbours share a label iff both are in the mask.
          for (let y = 0; y < h; y++)
            for (let x = 0; x < w; x++) {
              const i = y * w + x;
              if (x + 1 < w && mask[i] && mask[i + 1]) expect(labels[i + 1]).toBe(labels[i]);
              if (y + 1 < h && mask[i] && mask[i + w]) expect(labels[i + w]).toBe(labels[i]);
            }
          const generic = connectedComponents(mask, [1, h, w]); // 3D path, one slice
          expect(generic.count).toBe(count);
        },
      ),
      { numRuns: 100 },
    );
  });
});

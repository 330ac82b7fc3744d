import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coordinateMap,
  flipMatrix,
  identityMatrix,
  multiply,
  rotationMatrix,
  translation,
} from '../../src/runtime/data/augment/affine.js';
import { denseDisplacement, drawElasticControl } from '../../src/runtime/data/augment/elastic-field.js';
import { resample } from '../../src/runtime/data/augment/resample.js';
import { Rng } from '../../src/runtime/data/rng.js';
import { imageFrom } from './helpers.js';

const centreOf = (shape: number[]): number[] => shape.map((s) => (s - 1) / 2);

describe('elastic field (paper: 3×3 grid, σ = 10 px, bicubic)', () => {
  it('zero displacement is the identity, for every interpolation, 2D and 3D', () => {
    for (const shape of [
      [13, 9],
      [5, 6, 7],
    ]) {
      const img = imageFrom([...shape, 2], (i) => Math.sin(i) * 100);
      const zero = {
        grid: shape.map(() => 3),
        vectors: shape.map(() => new Float64Array(3 ** shape.length)),
      };
      const coords = coordinateMap({ ...translation(centreOf(shape)), elastic: zero }, shape);
      for (const how of ['cubic', 'linear', 'nearest'] as const) {
        const out = resample(img, coords, shape, how);
        expect(out.shape).toEqual(img.shape);
        for (let i = 0; i < img.data.length; i++) expect(out.data[i]).toBeCloseTo(img.data[i]!, 3);
      }
    }
  });

  it('interpolates: the field equals the drawn vector at each control point', () => {
    const rng = Rng.fromSeed(5);
    const control = drawElasticControl(rng, [3, 3], 10);
    const [dy, dx] = denseDisplacement(control, [101, 61]);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const p = i * 50 * 61 + j * 30;
        expect(dy![p]).toBeCloseTo(control.vectors[0]![i * 3 + j]!, 4);
        expect(dx![p]).toBeCloseTo(control.vectors[1]![i * 3 + j]!, 4);
      }
  });

  it('matches the measured per-pixel statistics: std ≈ 10 px at control points, ≈ 5.7 px between', () => {
    const rng = Rng.fromSeed(2015);
    const size = 101; // control points at 0, 50, 100; cell centres at 25, 75
    const draws = 3000;
    const probes = {
      control: [0, 50 * size + 50, 100 * size],
      between: [25 * size + 25, 75 * size + 75, 25 * size + 75],
    };
    const sq = { control: 0, between: 0 };
    for (let k = 0; k < draws; k++) {
      const [dy, dx] = denseDisplacement(drawElasticControl(rng, [3, 3], 10), [size, size]);
      for (const key of ['control', 'between'] as const)
        for (const p of probes[key]) sq[key] += dy![p]! ** 2 + dx![p]! ** 2;
    }
    const std = (key: 'control' | 'between'): number => Math.sqrt(sq[key] / (draws * probes[key].length * 2));
    expect(std('control')).toBeGreaterThan(9.6);
    expect(std('control')).toBeLessThan(10.4);
    expect(std('between')).toBeGreaterThan(5.45);
    expect(std('between')).toBeLessThan(5.95);
  });

  it('never invents a label value under any warp (nearest), masks keep their value set', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 4, max: 40 }),
        fc.integer({ min: 4, max: 40 }),
        (seed, h, w) => {
          const rng = Rng.fromSeed(seed);
          const values = [0, 1, 2, 7];
          const mask = imageFrom([h, w, 1], () => values[rng.int(values.length)]!);
          const present = new Set(mask.data);
          const m = multiply(rotationMatrix(2, rng.uniform(-Math.PI, Math.PI)), identityMatrix(2), 2);
          const elastic = drawElasticControl(rng, [3, 3], 10);
          const coords = coordinateMap({ matrix: m, sourceCenter: centreOf([h, w]), elastic }, [
            h + 5,
            w + 3,
          ]);
          const out = resample(mask, coords, [h + 5, w + 3], 'nearest');
          for (const v of out.data) expect(present.has(v)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('flips and 90° rotations are exact pixel permutations', () => {
    const shape = [6, 6];
    const img = imageFrom([...shape, 1], (i) => i);
    const rot = coordinateMap(
      { ...translation(centreOf(shape)), matrix: rotationMatrix(2, Math.PI / 2) },
      shape,
    );
    const out = resample(img, rot, shape, 'cubic');
    const sorted = Array.from(out.data).sort((a, b) => a - b);
    expect(sorted).toEqual(Array.from(img.data));
    const flip = coordinateMap({ ...translation(centreOf(shape)), matrix: flipMatrix(2, 1) }, shape);
    const flipped = resample(img, flip, shape, 'linear');
    expect(Array.from(flipped.data.subarray(0, 6))).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('mirrors at the border without repeating the edge pixel', () => {
    const img = imageFrom([1, 4, 1], (i) => i * 10);
    const coords = [new Float32Array(8).fill(0), Float32Array.from([-3, -2, -1, 0, 3, 4, 5, 6])];
    const out = resample(img, coords, [1, 8], 'nearest');
    expect(Array.from(out.data)).toEqual([30, 20, 10, 0, 30, 20, 10, 0]);
  });

  it('linear and cubic reproduce a linear ramp exactly (also through the mirror-free interior)', () => {
    const img = imageFrom([20, 20, 1], (i) => (i % 20) * 2 + Math.floor(i / 20));
    const coords = [Float32Array.from([5.25, 10.5]), Float32Array.from([3.75, 12.5])];
    for (const how of ['linear', 'cubic'] as const) {
      const out = resample(img, coords, [2, 1], how);
      expect(out.data[0]).toBeCloseTo(3.75 * 2 + 5.25, 4);
      expect(out.data[1]).toBeCloseTo(12.5 * 2 + 10.5, 4);
    }
  });
});

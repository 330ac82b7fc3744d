import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectedComponents } from '../../src/runtime/data/connected-components.js';
import { squaredEdt } from '../../src/runtime/data/weight-map/edt.js';

function bruteForce(features: Uint8Array, shape: number[]): number[] {
  const strides = shape.map((_, a) => shape.slice(a + 1).reduce((x, y) => x * y, 1));
  const coords = (i: number): number[] => shape.map((_, a) => Math.floor(i / strides[a]!) % shape[a]!);
  const feats = [...features.keys()].filter((i) => features[i] !== 0).map(coords);
  return Array.from(features, (_, i) => {
    const p = coords(i);
    let best = Infinity;
    for (const f of feats)
      best = Math.min(
        best,
        f.reduce((s, v, a) => s + (v - p[a]!) ** 2, 0),
      );
    return best;
  });
}

const arbImage = (dims: 2 | 3) =>
  fc
    .array(fc.integer({ min: 1, max: dims === 2 ? 17 : 7 }), { minLength: dims, maxLength: dims })
    .chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.uint8Array({
          minLength: shape.reduce((a, b) => a * b, 1),
          maxLength: shape.reduce((a, b) => a * b, 1),
          max: 9,
        }),
      ),
    );

describe('exact EDT (Felzenszwalb–Huttenlocher)', () => {
  for (const dims of [2, 3] as const) {
    it(`equals brute force on random small ${dims}D images`, () => {
      fc.assert(
        fc.property(arbImage(dims), ([shape, noise]) => {
          const features = noise.map((v) => (v === 0 ? 1 : 0)); // ~10% features
          expect(Array.from(squaredEdt(features, shape))).toEqual(bruteForce(features, shape));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('gives Infinity without any feature and supports anisotropic spacing', () => {
    expect(Array.from(squaredEdt(new Uint8Array(4), [2, 2]))).toEqual([
      Infinity,
      Infinity,
      Infinity,
      Infinity,
    ]);
    const f = new Uint8Array(9);
    f[0] = 1;
    const d = squaredEdt(f, [3, 3], [2, 1]);
    expect(d[3]).toBe(4); // one step along axis 0 with spacing 2
    expect(d[8]).toBe(16 + 4);
  });
});

describe('connected components', () => {
  it('separates face-connected regions, joins diagonals only with full connectivity', () => {
    // prettier-ignore
    const mask = Uint8Array.from([
      1, 1, 0, 0,
      0, 0, 1, 0,
      1, 0, 1, 1,
    ]);
    expect(connectedComponents(mask, [3, 4], 'face').count).toBe(3);
    expect(connectedComponents(mask, [3, 4], 'full').count).toBe(2);
  });

  it('labels every mask pixel and only mask pixels (random 3D)', () => {
    fc.assert(
      fc.property(arbImage(3), ([shape, noise]) => {
        const mask = noise.map((v) => (v < 4 ? 1 : 0));
        const { labels, count } = connectedComponents(mask, shape);
        for (let i = 0; i < mask.length; i++) expect(labels[i]! > 0).toBe(mask[i] === 1);
        expect(new Set(labels.filter((l) => l > 0)).size).toBe(count);
      }),
      { numRuns: 50 },
    );
  });
});

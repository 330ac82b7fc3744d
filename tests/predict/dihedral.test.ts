import { describe, expect, it } from 'vitest';
import { applyDihedral, inverseDihedral, ttaTransforms } from '../../src/runtime/predict/dihedral.js';

const ramp = (shape: number[]) => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i),
});

describe('test-time augmentation transforms', () => {
  it('has 1, 4 and 8 distinct views', () => {
    const image = ramp([3, 5, 1]);
    for (const [mode, n] of [
      ['none', 1],
      ['flips', 4],
      ['d4', 8],
    ] as const) {
      const views = ttaTransforms(mode).map((t) => {
        const v = applyDihedral(image, t);
        return `${v.shape.join('x')}:${[...v.data].join(',')}`;
      });
      expect(new Set(views).size).toBe(n);
    }
  });

  it('rotates a quarter turn counter-clockwise and mirrors left-right', () => {
    // [[0,1,2],[3,4,5]] (2×3) → rotated CCW: [[2,5],[1,4],[0,3]] (3×2).
    const image = ramp([2, 3, 1]);
    const rotated = applyDihedral(image, { flip: false, quarterTurns: 1 });
    expect(rotated.shape).toEqual([3, 2, 1]);
    expect([...rotated.data]).toEqual([2, 5, 1, 4, 0, 3]);
    const mirrored = applyDihedral(image, { flip: true, quarterTurns: 0 });
    expect([...mirrored.data]).toEqual([2, 1, 0, 5, 4, 3]);
  });

  it('inverts every transform, on 2D images and 3D volumes with channels', () => {
    for (const shape of [
      [4, 7, 2],
      [3, 4, 5, 2],
    ]) {
      const image = ramp(shape);
      for (const t of ttaTransforms('d4')) {
        const back = applyDihedral(applyDihedral(image, t), inverseDihedral(t));
        expect(back.shape).toEqual(shape);
        expect([...back.data]).toEqual([...image.data]);
      }
    }
  });
});

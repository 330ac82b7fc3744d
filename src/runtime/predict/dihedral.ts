import type { Image } from '../data/image.js';

/**
 * Test-time augmentation transforms: the dihedral group D4 of the square acting on the last two
 * spatial axes (H, W) — 3D volumes are transformed slice by slice in-plane. An element is "flip
 * W (mirror left–right) if `flip`, then rotate by `quarterTurns` × 90° counter-clockwise".
 *
 * - none:  the identity.
 * - flips: identity, mirror W, mirror H, both (= 180° rotation) — 4 views.
 * - d4:    all 8 (4 rotations × optional mirror). The paper averaged "7 rotated versions" on
 *          ISBI 2012 — d4 is that idea made exact (all symmetries of the square).
 */
export type TtaMode = 'none' | 'flips' | 'd4';

export interface Dihedral {
  readonly flip: boolean;
  readonly quarterTurns: 0 | 1 | 2 | 3;
}

export function ttaTransforms(mode: TtaMode): Dihedral[] {
  if (mode === 'none') return [{ flip: false, quarterTurns: 0 }];
  if (mode === 'flips') {
    // mirror H = mirror W then rotate 180°.
    return [
      { flip: false, quarterTurns: 0 },
      { flip: true, quarterTurns: 0 },
      { flip: true, quarterTurns: 2 },
      { flip: false, quarterTurns: 2 },
    ];
  }
  const all: Dihedral[] = [];
  for (const flip of [false, true])
    for (const q of [0, 1, 2, 3] as const) all.push({ flip, quarterTurns: q });
  return all;
}

/** Where source pixel (y, x) of an H×W plane lands under the transform, and the new plane size. */
function mapper(
  t: Dihedral,
  height: number,
  width: number,
): { h: number; w: number; map: (y: number, x: number) => [number, number] } {
  const odd = t.quarterTurns % 2 === 1;
  const h = odd ? width : height;
  const w = odd ? height : width;
  return {
    h,
    w,
    map: (y, x) => {
      let yy = y;
      let xx = t.flip ? width - 1 - x : x;
      let hh = height;
      let ww = width;
      // One counter-clockwise quarter turn: (y, x) → (W − 1 − x, y) in an H×W plane.
      for (let q = 0; q < t.quarterTurns; q++) {
        [yy, xx] = [ww - 1 - xx, yy];
        [hh, ww] = [ww, hh];
      }
      return [yy, xx];
    },
  };
}

/** Apply `t` to every H×W plane of a channels-last image ([H,W,C] or [D,H,W,C]). */
export function applyDihedral(image: Image, t: Dihedral): Image {
  if (!t.flip && t.quarterTurns === 0) return image;
  const rank = image.shape.length;
  const [height, width, channels] = image.shape.slice(rank - 3) as [number, number, number];
  const outer = image.shape.slice(0, rank - 3).reduce((a, b) => a * b, 1);
  const { h, w, map } = mapper(t, height, width);
  const out = new Float32Array(image.data.length);
  const plane = height * width * channels;
  for (let o = 0; o < outer; o++) {
    const base = o * plane;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const [ty, tx] = map(y, x);
        const src = base + (y * width + x) * channels;
        const dst = base + (ty * w + tx) * channels;
        for (let c = 0; c < channels; c++) out[dst + c] = image.data[src + c]!;
      }
    }
  }
  return { shape: [...image.shape.slice(0, rank - 3), h, w, channels], data: out };
}

/** The inverse element: undo the rotation, then the mirror. */
export function inverseDihedral(t: Dihedral): Dihedral {
  if (!t.flip) return { flip: false, quarterTurns: ((4 - t.quarterTurns) % 4) as Dihedral['quarterTurns'] };
  // A mirror followed by any rotation is its own inverse (a reflection).
  return t;
}

import type { BorderMode } from '../../../compiler/spec/pipeline-spec.js';
import { borderTable } from '../augment/border.js';
import { channelsOf, makeImage, spatialShape, type Image } from '../image.js';

/**
 * Copy the window `origin`..`origin + shape` (spatial, may reach outside the image) into a new
 * image, extending the image beyond its border by `border` (default mirror, as the paper's
 * overlap-tile strategy does). Integer positions only, so values are copied exactly.
 */
export function extractWindow(
  image: Image,
  origin: readonly number[],
  shape: readonly number[],
  border: BorderMode = 'mirror',
): Image {
  const src = spatialShape(image);
  const dims = src.length;
  const c = channelsOf(image);
  const out = makeImage([...shape, c]);
  const tables = shape.map((len, a) => borderTable(origin[a]!, len, src[a]!, border));
  const rowLen = shape[dims - 1]!;
  const cols = tables[dims - 1]!;
  const rows = out.data.length / (rowLen * c);
  const pos = new Array<number>(dims - 1).fill(0);
  const s = image.data;
  const o = out.data;
  for (let r = 0; r < rows; r++) {
    let base = 0;
    let outside = false;
    for (let a = 0; a < dims - 1; a++) {
      const idx = tables[a]![pos[a]!]!;
      if (idx < 0) outside = true;
      base = (base + idx) * src[a + 1]!;
    }
    if (!outside) {
      const dst = r * rowLen * c;
      for (let x = 0; x < rowLen; x++) {
        const sx = cols[x]!;
        if (sx < 0) continue;
        for (let k = 0; k < c; k++) o[dst + x * c + k] = s[(base + sx) * c + k]!;
      }
    }
    for (let a = dims - 2; a >= 0; a--) {
      if (++pos[a]! < shape[a]!) break;
      pos[a] = 0;
    }
  }
  return out;
}

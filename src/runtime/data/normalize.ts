import type { Normalization } from '../../compiler/spec/pipeline-spec.js';
import { DataError } from './data-error.js';
import type { DecodedImage } from './read-png.js';
import type { Image } from './image.js';

/**
 * Map stored intensities to the network's input scale, as the spec says:
 * - per_image: zero mean, unit std over the whole image (all channels); constant images → 0.
 * - range: [min, max] in stored units → [0, 1] (e.g. min 0, max 255 for 8-bit).
 * - mean_std: (x − mean) / std in stored units.
 * - none: unchanged.
 * Returns a new image; the decoded one is left as is (it may sit in a cache).
 */
export function normalizeImage(image: DecodedImage | Image, norm: Normalization): Image {
  const src = image.data;
  const out = new Float32Array(src.length);
  switch (norm.kind) {
    case 'none':
      out.set(src);
      break;
    case 'range': {
      const scale = norm.max === norm.min ? 0 : 1 / (norm.max - norm.min);
      for (let i = 0; i < src.length; i++) out[i] = (src[i]! - norm.min) * scale;
      break;
    }
    case 'mean_std': {
      const inv = norm.std === 0 ? 0 : 1 / norm.std;
      for (let i = 0; i < src.length; i++) out[i] = (src[i]! - norm.mean) * inv;
      break;
    }
    case 'per_image': {
      let sum = 0;
      for (let i = 0; i < src.length; i++) sum += src[i]!;
      const mean = sum / src.length;
      let sq = 0;
      for (let i = 0; i < src.length; i++) sq += (src[i]! - mean) ** 2;
      const std = Math.sqrt(sq / src.length);
      const inv = std > 0 ? 1 / std : 0;
      for (let i = 0; i < src.length; i++) out[i] = (src[i]! - mean) * inv;
      break;
    }
  }
  return { shape: [...image.shape], data: out };
}

/**
 * A declared `range(min, max)` that the stored values overshoot by more than its own width: the
 * usual cause is a 16-bit image under `range(0, 255)`, which would feed the network values in the
 * hundreds and train silently to a useless model. Small overshoots (an 8-bit image under
 * `range(0, 200)`) are left alone. Throws a DataError naming the file.
 */
export function checkDeclaredRange(image: DecodedImage | Image, norm: Normalization, file: string): void {
  if (norm.kind !== 'range' || norm.max <= norm.min) return;
  const span = norm.max - norm.min;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of image.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi <= norm.max + span && lo >= norm.min - span) return;
  const bits = 'bitDepth' in image && !image.float ? image.bitDepth : null;
  const hint =
    bits !== null && bits > 8
      ? `declare normalize: range(0, ${2 ** bits - 1}) for ${bits}-bit images`
      : `declare the range the images use`;
  throw new DataError(
    `${file}: pixel values span ${lo}..${hi}${bits !== null ? ` (${bits}-bit)` : ''}, far outside normalize: ` +
      `range(${norm.min}, ${norm.max}); ${hint}, or use normalize: per_image`,
  );
}

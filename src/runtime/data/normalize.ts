import type { Normalization } from '../../compiler/spec/pipeline-spec.js';
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

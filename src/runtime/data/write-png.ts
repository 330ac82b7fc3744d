import { encode } from 'fast-png';
import { writeFileAtomicAsync } from '../../common/atomic-write.js';
import { channelsOf, spatialShape, type Image } from './image.js';

export interface PngWriteOptions {
  /** 8 (default) or 16 bits per sample. */
  readonly bitDepth?: 8 | 16;
  /**
   * How values map to samples: 'raw' rounds and clamps (labels, class indices, stored intensities);
   * 'unit' maps [0, 1] → [0, max] (probabilities).
   */
  readonly scale?: 'raw' | 'unit';
}

/** Encode a 2D image with 1–4 channels as PNG bytes. */
export function encodePngImage(image: Image, options: PngWriteOptions = {}): Uint8Array {
  const [height, width] = spatialShape(image) as [number, number];
  const channels = channelsOf(image);
  if (image.shape.length !== 3 || channels < 1 || channels > 4) {
    throw new Error(`PNG needs a 2D image with 1–4 channels, got shape [${image.shape.join(',')}]`);
  }
  const depth = options.bitDepth ?? 8;
  const max = depth === 16 ? 65535 : 255;
  const factor = options.scale === 'unit' ? max : 1;
  const out = depth === 16 ? new Uint16Array(image.data.length) : new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = Math.round(image.data[i]! * factor);
    out[i] = v < 0 ? 0 : v > max ? max : v;
  }
  return encode({ width, height, data: out, depth, channels });
}

/** Write a label or probability PNG atomically (temp sibling, then rename). */
export async function writePng(path: string, image: Image, options: PngWriteOptions = {}): Promise<void> {
  await writeFileAtomicAsync(path, encodePngImage(image, options), { mkdirs: true });
}

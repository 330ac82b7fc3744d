import { writeFileAtomicAsync } from '../../common/atomic-write.js';
import { channelsOf, type Image } from './image.js';

export interface TiffWriteOptions {
  /** 8, 16 (unsigned, values rounded and clamped) or 32 (float). Default 8. */
  readonly bitDepth?: 8 | 16 | 32;
}

/**
 * Encode a 2D image or a 3D volume (one page per slice) as an uncompressed little-endian TIFF.
 * Hand-written because utif2's encoder only writes 8-bit RGBA; this covers gray/RGB/RGBA at
 * 8/16/32-bit, which is what label volumes, probability maps and test fixtures need.
 */
export function encodeTiff(image: Image, options: TiffWriteOptions = {}): Uint8Array {
  const bits = options.bitDepth ?? 8;
  const bytesPer = bits / 8;
  const channels = channelsOf(image);
  const is3d = image.shape.length === 4;
  const [pages, height, width] = (is3d ? image.shape : [1, ...image.shape]) as [number, number, number];
  const pagePixels = height * width * channels;
  const pageBytes = pagePixels * bytesPer;
  const entries = 11;
  const ifdBytes = 2 + entries * 12 + 4;
  const extra = channels > 1 ? 2 * channels : 0; // BitsPerSample array when it does not fit inline
  const pageStride = ifdBytes + extra + pageBytes;
  const buffer = new ArrayBuffer(8 + pages * pageStride);
  const view = new DataView(buffer);
  view.setUint16(0, 0x4949, true);
  view.setUint16(2, 42, true);
  view.setUint32(4, 8, true);
  const max = bits === 8 ? 255 : 65535;
  for (let p = 0; p < pages; p++) {
    const ifd = 8 + p * pageStride;
    const extraAt = ifd + ifdBytes;
    const dataAt = extraAt + extra;
    let e = ifd + 2;
    view.setUint16(ifd, entries, true);
    const put = (id: number, type: number, count: number, value: number): void => {
      view.setUint16(e, id, true);
      view.setUint16(e + 2, type, true);
      view.setUint32(e + 4, count, true);
      if (type === 3 && count === 1) view.setUint16(e + 8, value, true);
      else view.setUint32(e + 8, value, true);
      e += 12;
    };
    put(256, 4, 1, width);
    put(257, 4, 1, height);
    if (channels > 1) {
      put(258, 3, channels, extraAt);
      for (let c = 0; c < channels; c++) view.setUint16(extraAt + 2 * c, bits, true);
    } else put(258, 3, 1, bits);
    put(259, 3, 1, 1);
    put(262, 3, 1, channels >= 3 ? 2 : 1);
    put(273, 4, 1, dataAt);
    put(277, 3, 1, channels);
    put(278, 4, 1, height);
    put(279, 4, 1, pageBytes);
    put(284, 3, 1, 1);
    put(339, 3, 1, bits === 32 ? 3 : 1);
    view.setUint32(e, p + 1 < pages ? ifd + pageStride : 0, true);
    const src = image.data.subarray(p * pagePixels, (p + 1) * pagePixels);
    for (let i = 0; i < pagePixels; i++) {
      const v = src[i]!;
      if (bits === 32) view.setFloat32(dataAt + 4 * i, v, true);
      else {
        const r = Math.round(v);
        const c = r < 0 ? 0 : r > max ? max : r;
        if (bits === 8) view.setUint8(dataAt + i, c);
        else view.setUint16(dataAt + 2 * i, c, true);
      }
    }
  }
  return new Uint8Array(buffer);
}

export async function writeTiff(path: string, image: Image, options: TiffWriteOptions = {}): Promise<void> {
  await writeFileAtomicAsync(path, encodeTiff(image, options), { mkdirs: true });
}

import UTIF, { type IFD } from 'utif2';
import { DataError, reasonOf } from './data-error.js';
import { checkDeclaredPixels } from './image-limits.js';
import type { DecodedImage } from './read-png.js';

type Ifd = IFD;

function tag(ifd: Ifd, id: number): number | undefined {
  const value = ifd[`t${id}`];
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined;
}

function tagArray(ifd: Ifd, id: number): number[] {
  const value = ifd[`t${id}`];
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
}

/**
 * Walk the chain of image directories before utif2 does: a corrupt offset past the end of the
 * file, or a directory that points back to an earlier one, would otherwise make it read garbage
 * or loop forever.
 */
function checkIfdChain(bytes: Uint8Array, littleEndian: boolean, file: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seen = new Set<number>();
  let offset = view.getUint32(4, littleEndian);
  while (offset !== 0) {
    if (seen.has(offset))
      throw new DataError(`${file}: corrupt TIFF (page directories form a loop); re-export the file`);
    seen.add(offset);
    if (offset + 2 > bytes.length)
      throw new DataError(
        `${file}: truncated TIFF (page directory at byte ${offset}, file has ${bytes.length}); re-export the file`,
      );
    const entries = view.getUint16(offset, littleEndian);
    const next = offset + 2 + entries * 12;
    if (next + 4 > bytes.length)
      throw new DataError(
        `${file}: truncated TIFF (page directory at byte ${offset} runs past the end); re-export the file`,
      );
    offset = view.getUint32(next, littleEndian);
  }
}

/** The image directories (pages) of a TIFF, without decoding pixels. */
export function tiffPages(bytes: Uint8Array, file: string): Ifd[] {
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (bytes.length < 8 || (magic !== 'II' && magic !== 'MM')) {
    throw new DataError(`${file}: not a TIFF file (bad header); re-export it as TIFF or PNG`);
  }
  checkIfdChain(bytes, magic === 'II', file);
  let ifds: Ifd[];
  try {
    ifds = UTIF.decode(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch (error) {
    throw new DataError(`${file}: unreadable or truncated TIFF (${reasonOf(error)}); re-export the file`);
  }
  const pages = ifds.filter((ifd) => tag(ifd, 256) !== undefined && tag(ifd, 257) !== undefined);
  if (pages.length === 0) throw new DataError(`${file}: TIFF without any image page; re-export the file`);
  return pages;
}

/** A page's declared [height, width], read from its directory (no pixel is decoded). */
export function tiffPageSize(ifd: Ifd): [number, number] {
  return [tag(ifd, 257) ?? 0, tag(ifd, 256) ?? 0];
}

/**
 * Decode one page of a TIFF already split by `tiffPages`. Supports gray/RGB/RGBA (and palette
 * indices), 8/16-bit unsigned, 32-bit float, any compression utif2 decodes. Strip extents are
 * checked against the file size first, because utif2 silently fills missing bytes with zeros.
 */
export function decodeTiffPage(bytes: Uint8Array, pages: Ifd[], index: number, file: string): DecodedImage {
  const ifd = pages[index];
  if (ifd === undefined)
    throw new DataError(`${file}: has ${pages.length} pages; page ${index} does not exist`);
  const where = pages.length > 1 ? `${file} (page ${index})` : file;
  const width = tag(ifd, 256)!;
  const height = tag(ifd, 257)!;
  const bits = tag(ifd, 258) ?? 1;
  const channels = tag(ifd, 277) ?? 1;
  const sampleFormat = tag(ifd, 339) ?? 1;
  const photometric = tag(ifd, 262) ?? 1;
  checkDeclaredPixels(where, [height, width]);
  if (
    ![8, 16, 32].includes(bits) ||
    (bits === 32 && sampleFormat !== 3) ||
    (sampleFormat === 3 && bits !== 32)
  ) {
    throw new DataError(
      `${where}: ${bits}-bit samples (format ${sampleFormat}) unsupported; use 8/16-bit integer or 32-bit float`,
    );
  }
  if ((tag(ifd, 284) ?? 1) === 2)
    throw new DataError(`${where}: planar (non-interleaved) TIFF unsupported; re-save it interleaved`);
  const offsets = tagArray(ifd, 273).length > 0 ? tagArray(ifd, 273) : tagArray(ifd, 324);
  const counts = tagArray(ifd, 279).length > 0 ? tagArray(ifd, 279) : tagArray(ifd, 325);
  offsets.forEach((off, i) => {
    if (off + (counts[i] ?? 0) > bytes.length) {
      throw new DataError(
        `${where}: truncated TIFF (image data ends at byte ${off + (counts[i] ?? 0)}, file has ${bytes.length}); re-export the file`,
      );
    }
  });
  try {
    // The typings omit the third parameter (all pages), which old-JPEG pages need.
    const decodeImage = UTIF.decodeImage as (buffer: ArrayBuffer, ifd: Ifd, ifds: Ifd[]) => void;
    decodeImage(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      ifd,
      pages,
    );
  } catch (error) {
    throw new DataError(`${where}: unreadable TIFF page (${reasonOf(error)}); re-export the file`);
  }
  const n = width * height * channels;
  const raw = ifd.data;
  const bytesPer = bits / 8;
  if (raw === undefined || raw.length < n * bytesPer) {
    throw new DataError(
      `${where}: truncated or undecodable TIFF page (${raw?.length ?? 0} of ${n * bytesPer} bytes); re-export the file`,
    );
  }
  const data = new Float32Array(n);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  // utif2 converts 16-bit samples to little-endian; float data stays in file byte order.
  const littleEndian = bits === 16 ? true : Boolean((ifd as { isLE?: boolean }).isLE);
  if (bits === 8) for (let i = 0; i < n; i++) data[i] = raw[i]!;
  else if (bits === 16) for (let i = 0; i < n; i++) data[i] = view.getUint16(2 * i, littleEndian);
  else for (let i = 0; i < n; i++) data[i] = view.getFloat32(4 * i, littleEndian);
  if (photometric === 0 && bits !== 32) {
    const max = 2 ** bits - 1; // WhiteIsZero: invert so that larger means brighter everywhere.
    for (let i = 0; i < n; i++) data[i] = max - data[i]!;
  }
  return { shape: [height, width, channels], data, bitDepth: bits, float: sampleFormat === 3 };
}

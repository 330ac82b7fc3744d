import { convertIndexedToRgb, decode, hasPngSignature, type DecodedPng } from 'fast-png';
import { DataError, reasonOf } from './data-error.js';
import { checkDeclaredPixels } from './image-limits.js';
import type { Image } from './image.js';

/** A decoded file: pixels as stored (not normalised) plus what the normaliser needs to know. */
export interface DecodedImage extends Image {
  /** Bits per sample as stored (1–16 for PNG; 8/16/32 for TIFF). */
  readonly bitDepth: number;
  /** True for floating-point TIFF samples (no natural [0, 2^bits) range). */
  readonly float: boolean;
}

export interface PngReadOptions {
  /**
   * Palette PNGs: 'index' keeps the palette index (masks, where the index is the label, as in
   * Pascal VOC), 'rgb' expands to colours (images).
   */
  readonly palette?: 'index' | 'rgb';
}

/** [height, width] from the IHDR chunk, which the PNG format requires to come first. */
function pngDeclaredSize(bytes: Uint8Array): [number, number] {
  if (bytes.length < 24) return [0, 0]; // too short to be a PNG: the decoder says so
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(20), view.getUint32(16)];
}

/** Decode PNG bytes (8/16-bit gray, gray+alpha, RGB, RGBA, palette); `file` names errors. */
export function decodePngBytes(bytes: Uint8Array, file: string, options: PngReadOptions = {}): DecodedImage {
  if (!hasPngSignature(bytes)) {
    throw new DataError(`${file}: not a PNG file (bad signature); re-export it as PNG or TIFF`);
  }
  checkDeclaredPixels(file, pngDeclaredSize(bytes));
  let png: DecodedPng;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (error) {
    throw new DataError(`${file}: unreadable or truncated PNG (${reasonOf(error)}); re-export the file`);
  }
  const pixels = png.width * png.height;
  if (png.palette !== undefined && options.palette !== 'index') {
    const rgb = convertIndexedToRgb(png);
    const channels = rgb.length / pixels;
    return {
      shape: [png.height, png.width, channels],
      data: Float32Array.from(rgb),
      bitDepth: 8,
      float: false,
    };
  }
  const channels = png.palette !== undefined ? 1 : png.channels;
  const expected = pixels * channels;
  if (png.data.length < expected) {
    throw new DataError(
      `${file}: truncated PNG (${png.data.length} of ${expected} samples); re-export the file`,
    );
  }
  const data = new Float32Array(expected);
  const src = png.data;
  for (let i = 0; i < expected; i++) data[i] = src[i]!;
  return { shape: [png.height, png.width, channels], data, bitDepth: png.depth, float: false };
}

import { stat } from 'node:fs/promises';
import { DataError } from './data-error.js';

/**
 * Bounds on what an image file may make the readers allocate, checked before a byte of pixel data
 * is decoded: a small PNG can declare 30000×30000 pixels (7 GB of samples), and a path can name a
 * device or pipe that never ends. Both limits can be raised through the environment.
 */
export const MAX_PIXELS_ENV = 'UNETC_MAX_IMAGE_PIXELS';
export const MAX_BYTES_ENV = 'UNETC_MAX_IMAGE_BYTES';

/** 2^28 pixels: a 16384×16384 image or a 645³ volume (1 GiB of float32 samples per channel). */
export const DEFAULT_MAX_PIXELS = 2 ** 28;
/** Node reads at most 2 GiB into one buffer. */
export const DEFAULT_MAX_BYTES = 2 ** 31 - 1;

function limitFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 1)
    throw new DataError(`${name}=${raw} is not a positive integer; unset it or give a pixel/byte count`);
  return value;
}

export function maxImagePixels(): number {
  return limitFromEnv(MAX_PIXELS_ENV, DEFAULT_MAX_PIXELS);
}

export function maxImageBytes(): number {
  return limitFromEnv(MAX_BYTES_ENV, DEFAULT_MAX_BYTES);
}

/** Refuses an image whose declared size (width × height [× pages]) exceeds the pixel limit. */
export function checkDeclaredPixels(file: string, shape: readonly number[]): void {
  const pixels = shape.reduce((a, b) => a * b, 1);
  const limit = maxImagePixels();
  if (pixels > limit) {
    throw new DataError(
      `${file} declares ${shape.join('×')} = ${pixels.toLocaleString('en-US')} pixels, more than the limit of ` +
        `${limit.toLocaleString('en-US')}; crop or tile the image, or raise ${MAX_PIXELS_ENV} if the machine has the memory`,
    );
  }
}

/**
 * Refuses what is not a regular file (a device such as /dev/zero, a pipe, a socket — also through
 * a symlink) or is larger than the byte limit, before the file is opened for reading.
 */
export async function checkImageFile(file: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return; // the read that follows reports a missing or unreadable file in its own words
  }
  if (info.isDirectory()) return;
  if (!info.isFile()) {
    throw new DataError(
      `${file} is not a regular file (a device, pipe or socket); point the spec's data section at image files`,
    );
  }
  const limit = maxImageBytes();
  if (info.size > limit) {
    throw new DataError(
      `${file} is ${info.size.toLocaleString('en-US')} bytes, more than the limit of ${limit.toLocaleString('en-US')}; ` +
        `split it, or raise ${MAX_BYTES_ENV} (at most 2 GiB per file)`,
    );
  }
}

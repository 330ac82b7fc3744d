import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeImage, type Image } from '../../src/runtime/data/image.js';

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'unetc-data-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An image whose pixel values come from `f(index)`. */
export function imageFrom(shape: readonly number[], f: (i: number) => number): Image {
  const img = makeImage(shape);
  for (let i = 0; i < img.data.length; i++) img.data[i] = f(i);
  return img;
}

export const ISBI_DIR = new URL('../../examples/isbi2012/data/', import.meta.url).pathname;

import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/runtime/data/data-error.js';
import { MAX_BYTES_ENV, MAX_PIXELS_ENV } from '../../src/runtime/data/image-limits.js';
import { readImage, readImagePage } from '../../src/runtime/data/read-image.js';
import { encodeTiff } from '../../src/runtime/data/write-tiff.js';
import { pngDeclaring } from '../support/fault-fixtures.js';
import { imageFrom, tempDir } from './helpers.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());
afterEach(() => {
  delete process.env[MAX_PIXELS_ENV];
  delete process.env[MAX_BYTES_ENV];
});

/** The DataError a read throws (fails the test if it resolves). */
async function refusal(read: Promise<unknown>): Promise<string> {
  const error = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return (error as DataError).message;
}

describe('image files are bounded before decoding', () => {
  it('a PNG is refused from the size its header declares', async () => {
    const path = join(dir, 'huge.png');
    pngDeclaring(path, 30000, 30000);
    expect(await refusal(readImage(path))).toMatch(/huge\.png declares 30000×30000 = 900,000,000 pixels/);
  });

  it('TIFF pages are checked one by one, and a stack counts its pages together', async () => {
    const path = join(dir, 'stack.tif');
    writeFileSync(path, encodeTiff(imageFrom([3, 10, 10, 1], (i) => i % 256)));
    process.env[MAX_PIXELS_ENV] = '250';
    expect(await refusal(readImage(path))).toMatch(
      /stack\.tif declares 3×10×10 = 300 pixels, more than the limit of 250/,
    );
    expect((await readImagePage(path, 1)).shape).toEqual([10, 10, 1]);
    process.env[MAX_PIXELS_ENV] = '50';
    expect(await refusal(readImagePage(path, 1))).toMatch(
      /stack\.tif \(page 1\) declares 10×10 = 100 pixels/,
    );
  });

  it('devices and pipes are not read, also through a .png symlink', async () => {
    const zero = join(dir, 'zero.png');
    symlinkSync('/dev/zero', zero);
    expect(await refusal(readImage(zero))).toMatch(/zero\.png is not a regular file/);
    const fifo = join(dir, 'fifo.tif');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(readImagePage(fifo, 0))).toMatch(/fifo\.tif is not a regular file/);
  });

  it('a file above the byte limit is refused; a bad limit is named', async () => {
    const path = join(dir, 'small.tif');
    writeFileSync(path, encodeTiff(imageFrom([4, 4, 1], (i) => i)));
    process.env[MAX_BYTES_ENV] = '100';
    expect(await refusal(readImage(path))).toMatch(/small\.tif is \d+ bytes, more than the limit of 100/);
    process.env[MAX_BYTES_ENV] = 'lots';
    expect(await refusal(readImage(path))).toMatch(/UNETC_MAX_IMAGE_BYTES=lots is not a positive integer/);
  });
});

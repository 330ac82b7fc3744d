import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/runtime/data/data-error.js';
import { countPages, readImage, readImagePage } from '../../src/runtime/data/read-image.js';
import { encodePngImage, writePng } from '../../src/runtime/data/write-png.js';
import { encodeTiff, writeTiff } from '../../src/runtime/data/write-tiff.js';
import { imageFrom, ISBI_DIR, tempDir } from './helpers.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

describe('PNG', () => {
  for (const channels of [1, 2, 3, 4]) {
    for (const depth of [8, 16] as const) {
      it(`round-trips ${depth}-bit with ${channels} channel(s)`, async () => {
        const max = depth === 16 ? 65535 : 255;
        const img = imageFrom([7, 5, channels], (i) => (i * 7919) % (max + 1));
        const path = join(dir, `rt-${channels}-${depth}.png`);
        await writePng(path, img, { bitDepth: depth });
        const back = await readImage(path);
        expect(back.shape).toEqual([7, 5, channels]);
        expect(back.bitDepth).toBe(depth);
        expect(Array.from(back.data)).toEqual(Array.from(img.data));
      });
    }
  }

  it('keeps palette indices for masks and expands colours for images', async () => {
    const palette = [
      [0, 0, 0],
      [255, 0, 0],
      [0, 255, 0],
    ];
    const data = new Uint8Array([0, 1, 2, 1, 0, 2]);
    const path = join(dir, 'palette.png');
    await writeFile(path, encode({ width: 3, height: 2, data, depth: 8, channels: 1, palette }));
    const asIndex = await readImage(path, { palette: 'index' });
    expect(asIndex.shape).toEqual([2, 3, 1]);
    expect(Array.from(asIndex.data)).toEqual([0, 1, 2, 1, 0, 2]);
    const asRgb = await readImage(path, { palette: 'rgb' });
    expect(asRgb.shape).toEqual([2, 3, 3]);
    expect(Array.from(asRgb.data.subarray(3, 6))).toEqual([255, 0, 0]);
  });

  it('reports truncated, corrupt and missing files naming the file', async () => {
    const bytes = encodePngImage(imageFrom([64, 64, 1], (i) => i % 251));
    const truncated = join(dir, 'truncated.png');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readImage(truncated)).rejects.toThrow(DataError);
    await expect(readImage(truncated)).rejects.toThrow(/truncated\.png: unreadable or truncated PNG/);
    const garbage = join(dir, 'garbage.png');
    await writeFile(garbage, 'not an image at all');
    await expect(readImage(garbage)).rejects.toThrow(/garbage\.png: not a PNG/);
    await expect(readImage(join(dir, 'absent.png'))).rejects.toThrow(
      /absent\.png: cannot read \(file not found\)/,
    );
  });

  it('reads the real ISBI 2012 slices (512×512, labels 0/255)', async () => {
    const image = await readImage(join(ISBI_DIR, 'image/0.png'));
    const label = await readImage(join(ISBI_DIR, 'label/0.png'));
    expect(image.shape).toEqual([512, 512, 1]);
    expect(label.shape).toEqual([512, 512, 1]);
    const values = new Set(label.data);
    expect([...values].sort((a, b) => a - b)).toEqual([0, 255]);
    const membrane = label.data.filter((v) => v === 0).length / label.data.length;
    expect(membrane).toBeGreaterThan(0.1);
    expect(membrane).toBeLessThan(0.35);
  });
});

describe('TIFF', () => {
  for (const bitDepth of [8, 16, 32] as const) {
    it(`round-trips a ${bitDepth}-bit multi-page stack`, async () => {
      const max = bitDepth === 8 ? 255 : 65535;
      const vol = imageFrom([4, 6, 5, 1], (i) => (bitDepth === 32 ? i * 0.25 - 3 : (i * 4099) % (max + 1)));
      const path = join(dir, `stack-${bitDepth}.tif`);
      await writeTiff(path, vol, { bitDepth });
      expect(await countPages(path)).toBe(4);
      const back = await readImage(path);
      expect(back.shape).toEqual([4, 6, 5, 1]);
      expect(Array.from(back.data)).toEqual(Array.from(vol.data));
      const page2 = await readImagePage(path, 2);
      expect(page2.shape).toEqual([6, 5, 1]);
      expect(Array.from(page2.data)).toEqual(Array.from(vol.data.subarray(60, 90)));
    });
  }

  it('round-trips RGB and a single page as 2D', async () => {
    const rgb = imageFrom([3, 4, 3], (i) => i * 5);
    const path = join(dir, 'rgb.tif');
    await writeTiff(path, rgb);
    const back = await readImage(path);
    expect(back.shape).toEqual([3, 4, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(rgb.data));
  });

  it('reports truncated stacks and bad pages naming the file', async () => {
    const bytes = encodeTiff(imageFrom([3, 32, 32, 1], (i) => i % 200));
    const path = join(dir, 'cut.tif');
    await writeFile(path, bytes.subarray(0, bytes.length - 500));
    await expect(readImage(path)).rejects.toThrow(/cut\.tif.*truncated TIFF/);
    const full = join(dir, 'full.tif');
    await writeFile(full, bytes);
    await expect(readImagePage(full, 7)).rejects.toThrow(/full\.tif: has 3 pages; page 7 does not exist/);
    const bad = join(dir, 'bad.tif');
    await writeFile(bad, Buffer.concat([Buffer.from('II*\0'), Buffer.from([0xff, 0xff, 0xff, 0x7f])]));
    await expect(readImage(bad)).rejects.toThrow(/bad\.tif/);
  });

  it('rejects looping and dangling page directories instead of hanging', async () => {
    const bytes = encodeTiff(imageFrom([2, 4, 4, 1], (i) => i));
    const view = new DataView(bytes.buffer);
    const loop = new Uint8Array(bytes);
    const second = 8 + (2 + 11 * 12 + 4) + 16; // first page: directory + 16 data bytes
    new DataView(loop.buffer).setUint32(second + 2 + 11 * 12, 8, true); // page 2 → page 1
    const loopPath = join(dir, 'loop.tif');
    await writeFile(loopPath, loop);
    await expect(readImage(loopPath)).rejects.toThrow(
      /loop\.tif: corrupt TIFF \(page directories form a loop\)/,
    );
    const dangling = new Uint8Array(bytes);
    new DataView(dangling.buffer).setUint32(4, bytes.length + 100, true);
    const danglingPath = join(dir, 'dangling.tif');
    await writeFile(danglingPath, dangling);
    await expect(readImage(danglingPath)).rejects.toThrow(/dangling\.tif: truncated TIFF/);
    expect(view.getUint32(4, true)).toBe(8);
  });

  it('writes atomically (no temp files left behind)', async () => {
    const path = join(dir, 'atomic', 'out.png');
    await writePng(
      path,
      imageFrom([2, 2, 1], (i) => i),
    );
    const bytes = await readFile(path);
    expect(bytes.length).toBeGreaterThan(0);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dir, 'atomic'))).toEqual(['out.png']);
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';

/** A named float32 array: a model weight or an optimizer slot, detached from tfjs. */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

interface BundleManifest {
  readonly format: 'unetc-tensors';
  readonly version: 1;
  readonly entries: readonly {
    readonly name: string;
    readonly shape: readonly number[];
    readonly offset: number;
  }[];
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Writes `<base>.json` (names, shapes, float offsets) and `<base>.bin` (the little-endian float32
 * values, back to back) into `dir`. Used inside a checkpoint's temporary directory, which the
 * caller renames into place, so the pair is atomic as a whole.
 */
export async function writeBundle(dir: string, base: string, arrays: readonly NamedArray[]): Promise<void> {
  let offset = 0;
  const entries = arrays.map((a) => {
    if (a.values.length !== elementCount(a.shape))
      throw new Error(`${a.name}: ${a.values.length} values for shape ${a.shape.join('x')}`);
    const entry = { name: a.name, shape: [...a.shape], offset };
    offset += a.values.length;
    return entry;
  });
  const all = new Float32Array(offset);
  arrays.forEach((a, i) => all.set(a.values, entries[i]!.offset));
  const manifest: BundleManifest = { format: 'unetc-tensors', version: 1, entries };
  await writeFile(join(dir, `${base}.bin`), new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
  await writeFile(join(dir, `${base}.json`), `${JSON.stringify(manifest)}\n`);
}

export async function readBundle(dir: string, base: string): Promise<NamedArray[]> {
  const manifest = JSON.parse(await readFile(join(dir, `${base}.json`), 'utf8')) as BundleManifest;
  if (manifest.format !== 'unetc-tensors')
    throw new Error(`${join(dir, base)}.json is not a unetc tensor bundle`);
  const bytes = await readFile(join(dir, `${base}.bin`));
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const all = new Float32Array(copy.buffer);
  return manifest.entries.map((e) => {
    const n = elementCount(e.shape);
    if (e.offset + n > all.length) throw new Error(`${join(dir, base)}.bin is truncated`);
    return { name: e.name, shape: e.shape, values: all.slice(e.offset, e.offset + n) };
  });
}

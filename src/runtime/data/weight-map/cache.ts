import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomicAsync } from '../../../common/atomic-write.js';
import { makeImage, type Image } from '../image.js';
import { computeWeightMap, type WeightMapParams } from './weight-map.js';

/** Bump when the weight-map formula or file layout changes: old cache entries stop matching. */
const FORMAT = 'unetc-weightmap-v1';

/**
 * Content key: hash of the label pixels + shape + every parameter + format version. A changed
 * mask or parameter gives a new key, so stale entries are never read (invalidation by key, not by
 * timestamps, which copies and checkouts do not preserve).
 */
export function weightMapKey(label: Image, params: WeightMapParams): string {
  const h = createHash('sha256');
  h.update(FORMAT);
  h.update(JSON.stringify({ shape: label.shape, ...params, foreground: [...params.foreground] }));
  h.update(new Uint8Array(label.data.buffer, label.data.byteOffset, label.data.byteLength));
  return h.digest('hex').slice(0, 32);
}

function encode(map: Image): Uint8Array {
  const header = new Int32Array([map.shape.length, ...map.shape]);
  const out = new Uint8Array(header.byteLength + map.data.byteLength);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(new Uint8Array(map.data.buffer, map.data.byteOffset, map.data.byteLength), header.byteLength);
  return out;
}

function decode(bytes: Uint8Array, expectShape: readonly number[]): Image | null {
  if (bytes.byteLength < 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = view.getInt32(0, true);
  if (rank !== expectShape.length) return null;
  const shape = Array.from({ length: rank }, (_, i) => view.getInt32(4 + 4 * i, true));
  if (shape.some((s, i) => s !== expectShape[i])) return null;
  const offset = 4 + 4 * rank;
  const n = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== offset + 4 * n) return null; // truncated entry: recompute
  const data = new Float32Array(n);
  new Uint8Array(data.buffer).set(bytes.subarray(offset));
  return makeImage(shape, data);
}

/**
 * The weight map of `label`, computed once and kept on disk under `cacheDir/<key>.wmap`
 * (written atomically, so concurrent data workers at worst compute it twice). With
 * `cacheDir === null` it is just computed.
 */
export async function cachedWeightMap(
  label: Image,
  params: WeightMapParams,
  cacheDir: string | null,
): Promise<Image> {
  if (cacheDir === null) return computeWeightMap(label, params);
  const path = join(cacheDir, `${weightMapKey(label, params)}.wmap`);
  const expectShape = [...label.shape.slice(0, -1), 1];
  const bytes = await readFile(path).catch(() => null);
  const hit = bytes === null ? null : decode(new Uint8Array(bytes), expectShape);
  if (hit !== null) return hit;
  const map = computeWeightMap(label, params);
  await writeFileAtomicAsync(path, encode(map), { mkdirs: true });
  return map;
}

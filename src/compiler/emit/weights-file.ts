import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { checkedShardFiles } from '../../common/weight-shards.js';
import type { WeightsManifestGroup } from './keras-format.js';

const littleEndianHost = endianness() === 'LE';

/** Concatenates float32 arrays into one little-endian buffer (tfjs' weight file format). */
export function encodeWeights(values: readonly Float32Array[]): Buffer {
  const total = values.reduce((n, v) => n + v.length, 0);
  const out = Buffer.alloc(total * 4);
  let offset = 0;
  for (const v of values) {
    if (littleEndianHost) {
      out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), offset);
    } else {
      for (let i = 0; i < v.length; i++) out.writeFloatLE(v[i] ?? 0, offset + i * 4);
    }
    offset += v.byteLength;
  }
  return out;
}

function decodeFloat32(bytes: Buffer, byteOffset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (littleEndianHost) {
    new Uint8Array(out.buffer).set(bytes.subarray(byteOffset, byteOffset + count * 4));
  } else {
    for (let i = 0; i < count; i++) out[i] = bytes.readFloatLE(byteOffset + i * 4);
  }
  return out;
}

/**
 * Reads the weights of a model directory by name: every manifest group's shards concatenated,
 * then split by the specs' shapes in order (tfjs' `decodeWeights`). float32 only — that is all
 * unetc writes; anything else is reported, not guessed.
 */
export async function readWeights(
  dir: string,
  manifest: readonly WeightsManifestGroup[],
): Promise<Map<string, Float32Array>> {
  const weights = new Map<string, Float32Array>();
  for (const group of manifest) {
    const [files = []] = await checkedShardFiles(dir, [group]);
    const shards = await Promise.all(files.map((file) => readFile(file)));
    const bytes = Buffer.concat(shards);
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.dtype !== 'float32')
        throw new Error(`weight '${spec.name}' has dtype ${String(spec.dtype)}; unetc reads float32 only`);
      const count = spec.shape.reduce((a, b) => a * b, 1);
      if (offset + count * 4 > bytes.length) {
        throw new Error(
          `weight files in ${dir} are shorter than model.json's manifest says (at '${spec.name}')`,
        );
      }
      weights.set(spec.name, decodeFloat32(bytes, offset, count));
      offset += count * 4;
    }
  }
  return weights;
}

/**
 * The weights of a compiled (or trained) model directory by variable name, read from its
 * model.json manifest — no tfjs needed. Used by `compile --weights` to carry trained weights over
 * (pruned inference, another input size). A training run directory stands for its `model/`
 * (the selected weights `unetc train` writes there), as it does for `unetc predict --weights`.
 */
export async function readModelDirWeights(given: string): Promise<Map<string, Float32Array>> {
  const run = path.join(given, 'model');
  const isRun = !existsSync(path.join(given, 'model.json')) && existsSync(path.join(run, 'model.json'));
  const dir = isRun ? run : given;
  const file = path.join(dir, 'model.json');
  let manifest: readonly WeightsManifestGroup[];
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as {
      weightsManifest?: readonly WeightsManifestGroup[];
    };
    manifest = json.weightsManifest ?? [];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot read ${file} (${why}); --weights needs a directory written by unetc compile or train`,
    );
  }
  return readWeights(dir, manifest);
}

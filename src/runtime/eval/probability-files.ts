import { UserError } from '../../common/user-error.js';
import { spatialShape, type Image } from '../data/image.js';
import { readImage } from '../data/read-image.js';
import type { ClassEntry } from './class-spec.js';
import { probabilityMapName } from './stem.js';

/**
 * The probability maps among `files`, grouped by image stem, reduced to the one file list that gives
 * P(foreground) per stem: the maps named after foreground classes (summed when several), or the only
 * map of a stem. `unetc predict --probabilities` writes `<stem>.prob-<class>.png` (16-bit, 0–65535 = 0–1)
 * and `.tif` (float32) for stacks.
 */
export function foregroundProbabilityFiles(
  files: readonly string[],
  classes: readonly ClassEntry[],
  foreground: readonly number[],
): Map<string, string[]> {
  const names = new Set(classes.filter((c) => foreground.includes(c.classIndex)).map((c) => c.name));
  const byStem = new Map<string, { className: string; file: string }[]>();
  for (const file of files) {
    const parsed = probabilityMapName(file);
    if (parsed === null) continue;
    const list = byStem.get(parsed.stem) ?? [];
    list.push({ className: parsed.className, file });
    byStem.set(parsed.stem, list);
  }
  const chosen = new Map<string, string[]>();
  for (const [stem, maps] of byStem) {
    const named = maps.filter((m) => names.has(m.className));
    if (named.length > 0)
      chosen.set(
        stem,
        named.map((m) => m.file),
      );
    else if (maps.length === 1) chosen.set(stem, [maps[0]!.file]);
    else
      throw new UserError(
        `${maps.map((m) => m.file).join(', ')}: none is the probability of a foreground class (${[...names].join(', ')}); pass --foreground`,
      );
  }
  return chosen;
}

/** A probability map's samples as values in [0, 1]: integers scaled by their full range, floats as stored. */
async function readProbability(file: string): Promise<Image> {
  const decoded = await readImage(file);
  if (decoded.shape.at(-1) !== 1)
    throw new UserError(`${file} has ${decoded.shape.at(-1)} channels; a probability map has one`);
  if (decoded.float) return decoded;
  const scale = 1 / (2 ** decoded.bitDepth - 1);
  return { shape: decoded.shape, data: decoded.data.map((v) => v * scale) };
}

/** Sums the maps of one stem into P(foreground); sizes must agree with the truth. */
export async function readForegroundProbability(
  files: readonly string[],
  truthFile: string,
  truth: Image,
): Promise<Image> {
  let sum: Image | null = null;
  for (const file of files) {
    const map = await readProbability(file);
    if (spatialShape(map).join('×') !== spatialShape(truth).join('×')) {
      throw new UserError(
        `${file} is ${spatialShape(map).join('×')} but ${truthFile} is ${spatialShape(truth).join('×')}; probability maps must cover the whole image`,
      );
    }
    if (sum === null) sum = { shape: map.shape, data: Float32Array.from(map.data) };
    else for (let i = 0; i < sum.data.length; i++) sum.data[i]! += map.data[i]!;
  }
  if (sum === null) throw new UserError(`no probability map for ${truthFile}`);
  return sum;
}

/** P(foreground) from a prediction's class probabilities [..., K] (K = 1: a sigmoid's P(class 1)). */
export function foregroundFromProbabilities(probs: Image, foreground: readonly number[]): Image {
  const k = probs.shape.at(-1)!;
  const channels = k === 1 ? [0] : foreground.filter((c) => c >= 0 && c < k);
  const n = probs.data.length / k;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) for (const c of channels) data[i]! += probs.data[i * k + c]!;
  return { shape: [...probs.shape.slice(0, -1), 1], data };
}

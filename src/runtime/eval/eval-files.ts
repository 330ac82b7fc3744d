import { UserError } from '../../common/user-error.js';
import { mapMaskToClasses } from '../data/class-map.js';
import { channelsOf, spatialShape, type Image } from '../data/image.js';
import { readImage } from '../data/read-image.js';
import type { ClassEntry } from './class-spec.js';
import type { Connectivity } from '../data/connected-components.js';
import { evaluateImage, type ImageEvaluation } from './evaluate.js';
import type { FilePair } from './pair-files.js';

export interface FileEvalOptions {
  readonly classes: readonly ClassEntry[];
  readonly foreground: readonly number[];
  readonly ignoreValue: number | null;
  readonly connectivity: Connectivity;
  /** TIFF stacks: score each slice as its own image (ISBI 2012 averages per slice) or the volume in 3D. */
  readonly volumes: 'slices' | '3d';
}

/** Mask values → class indices (ignore → −1); unexpected values are a one-line error naming the file. */
export async function readClassMap(file: string, options: FileEvalOptions): Promise<Image> {
  const decoded = await readImage(file, { palette: 'index' });
  if (channelsOf(decoded) > 1 && channelsOf(decoded) !== 3 && channelsOf(decoded) !== 4) {
    throw new UserError(`${file} has ${channelsOf(decoded)} channels; label maps are single-channel`);
  }
  return mapMaskToClasses(decoded, options.classes, options.ignoreValue, file);
}

/**
 * Scores a predicted class map against the truth class map; stacks per slice unless volumes = '3d'.
 * Both are [..., 1] class-index images of the same spatial shape.
 */
export function evaluateClassMaps(
  name: string,
  truth: Image,
  predicted: Image,
  options: FileEvalOptions,
): ImageEvaluation[] {
  const eval1 = (n: string, t: Image, p: Image): ImageEvaluation =>
    evaluateImage(
      n,
      { shape: spatialShape(t), data: t.data },
      { shape: spatialShape(p), data: p.data },
      {
        classes: options.classes.length,
        foreground: options.foreground,
        connectivity: options.connectivity,
      },
    );
  const shape = spatialShape(truth);
  if (shape.length === 3 && options.volumes === 'slices') {
    const [depth, height, width] = shape as [number, number, number];
    const size = height * width;
    return Array.from({ length: depth }, (_, z) =>
      eval1(
        `${name}[${z}]`,
        { shape: [height, width, 1], data: truth.data.subarray(z * size, (z + 1) * size) },
        { shape: [height, width, 1], data: predicted.data.subarray(z * size, (z + 1) * size) },
      ),
    );
  }
  return [eval1(name, truth, predicted)];
}

export function assertSameSize(predFile: string, pred: Image, truthFile: string, truth: Image): void {
  const a = spatialShape(pred).join('×');
  const b = spatialShape(truth).join('×');
  if (a !== b) {
    throw new UserError(
      `${predFile} is ${a} but ${truthFile} is ${b}; predictions must cover the whole image (unetc predict writes full-size maps)`,
    );
  }
}

/** Reads and scores every pair in turn. */
export async function evaluateFilePairs(
  pairs: readonly FilePair[],
  options: FileEvalOptions,
): Promise<ImageEvaluation[]> {
  const results: ImageEvaluation[] = [];
  for (const pair of pairs) {
    const truth = await readClassMap(pair.truth, options);
    const pred = await readClassMap(pair.pred, { ...options, ignoreValue: null });
    assertSameSize(pair.pred, pred, pair.truth, truth);
    results.push(...evaluateClassMaps(pair.stem, truth, pred, options));
  }
  return results;
}

/** Distinct mask values in the given files (to infer classes when none are given). */
export async function distinctMaskValues(files: readonly string[]): Promise<Set<number>> {
  const values = new Set<number>();
  for (const file of files) {
    const decoded = await readImage(file, { palette: 'index' });
    const c = channelsOf(decoded);
    for (let i = 0; i < decoded.data.length; i += c) values.add(decoded.data[i]!);
    if (values.size > 64)
      throw new UserError(
        `${file}: more than 64 distinct mask values — pass --classes to say which values are classes`,
      );
  }
  return values;
}

import { UserError } from '../../common/user-error.js';
import { mapMaskToClasses } from '../data/class-map.js';
import { channelsOf, spatialShape, type Image } from '../data/image.js';
import { formatAffine, sameAffine } from '../data/nifti-header.js';
import { readImage } from '../data/read-image.js';
import { niftiGeometryOf, type NiftiGeometry } from '../data/read-nifti.js';
import type { ClassEntry } from './class-spec.js';
import type { Connectivity } from '../data/connected-components.js';
import { evaluateImage, type ImageEvaluation } from './evaluate.js';
import type { FilePair } from './pair-files.js';
import { readForegroundProbability } from './probability-files.js';
import type { SweepImage } from './threshold-sweep.js';

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
  return withGrid(decoded, mapMaskToClasses(decoded, options.classes, options.ignoreValue, file));
}

/** The class map keeps its file's voxel grid (NIfTI), so prediction and truth can be compared on it. */
function withGrid(decoded: object, classes: Image): Image & { readonly nifti?: NiftiGeometry } {
  const nifti = niftiGeometryOf(decoded);
  return nifti === null ? classes : { ...classes, nifti };
}

/**
 * A predicted label map: one channel of class values, as `unetc predict` writes them. A colour or
 * alpha channel means the file is something else (a rendering, an overlay) and must not be
 * scored by its first channel.
 */
export async function readPredictedClassMap(file: string, options: FileEvalOptions): Promise<Image> {
  const decoded = await readImage(file, { palette: 'index' });
  const channels = channelsOf(decoded);
  if (channels !== 1) {
    throw new UserError(
      `${file} has ${channels} channels (${channels === 4 ? 'RGBA' : channels === 3 ? 'RGB' : channels === 2 ? 'gray + alpha' : 'multi-channel'}); ` +
        `a predicted label map has one channel of class values — pass unetc predict's label maps, not a coloured rendering`,
    );
  }
  return withGrid(decoded, mapMaskToClasses(decoded, options.classes, null, file));
}

/** A part of an image that is scored on its own: its name, spatial shape and range of pixels. */
interface ScoredPart {
  readonly name: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** Each slice of a stack ([H, W]) unless volumes = '3d'; a 2D image (or a 3D volume) whole. */
function scoredParts(
  name: string,
  shape: readonly number[],
  volumes: FileEvalOptions['volumes'],
): ScoredPart[] {
  if (shape.length === 3 && volumes === 'slices') {
    const [depth, height, width] = shape as [number, number, number];
    const size = height * width;
    return Array.from({ length: depth }, (_, z) => ({
      name: `${name}[${z}]`,
      shape: [height, width],
      begin: z * size,
      end: (z + 1) * size,
    }));
  }
  return [{ name, shape, begin: 0, end: shape.reduce((a, b) => a * b, 1) }];
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
  const evalOptions = {
    classes: options.classes.length,
    foreground: options.foreground,
    connectivity: options.connectivity,
  };
  return scoredParts(name, spatialShape(truth), options.volumes).map((part) =>
    evaluateImage(
      part.name,
      { shape: part.shape, data: truth.data.subarray(part.begin, part.end) },
      { shape: part.shape, data: predicted.data.subarray(part.begin, part.end) },
      evalOptions,
    ),
  );
}

/** The threshold sweep's images: the same parts as evaluateClassMaps, with P(foreground) [..., 1]. */
export function sweepImagesOf(
  name: string,
  truth: Image,
  foreground: Image,
  options: FileEvalOptions,
): SweepImage[] {
  if (foreground.data.length !== truth.data.length)
    throw new RangeError(`${name}: probability map size differs from the truth`);
  return scoredParts(name, spatialShape(truth), options.volumes).map((part) => ({
    name: part.name,
    truth: { shape: part.shape, data: truth.data.subarray(part.begin, part.end) },
    foreground: foreground.data.subarray(part.begin, part.end),
  }));
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

/** NIfTI prediction and truth must lie on one voxel grid (a prediction of another scan scores nonsense). */
function assertSameGrid(predFile: string, pred: Image, truthFile: string, truth: Image): void {
  const a = niftiGeometryOf(pred);
  const b = niftiGeometryOf(truth);
  if (a !== null && b !== null && !sameAffine(a.affine, b.affine)) {
    throw new UserError(
      `affine mismatch: ${predFile} has ${formatAffine(a.affine)} but ${truthFile} has ${formatAffine(b.affine)}; a prediction must be on its truth's voxel grid`,
    );
  }
}

/**
 * Reads and scores every pair in turn (each file once). With `probabilities` (stem → the files giving
 * P(foreground), see foregroundProbabilityFiles) non-empty, every pair needs its maps, and the sweep
 * images come back too; some but not all is an error naming the first prediction without one.
 */
export async function evaluateFilePairs(
  pairs: readonly FilePair[],
  options: FileEvalOptions,
  probabilities: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<{ images: ImageEvaluation[]; sweepImages: SweepImage[] }> {
  const images: ImageEvaluation[] = [];
  const sweepImages: SweepImage[] = [];
  for (const pair of pairs) {
    const truth = await readClassMap(pair.truth, options);
    const pred = await readPredictedClassMap(pair.pred, options);
    assertSameSize(pair.pred, pred, pair.truth, truth);
    assertSameGrid(pair.pred, pred, pair.truth, truth);
    images.push(...evaluateClassMaps(pair.stem, truth, pred, options));
    if (probabilities.size === 0) continue;
    const files = probabilities.get(pair.stem);
    if (files === undefined) {
      throw new UserError(
        `no probability map for ${pair.pred} while other images have one: write them for every image (unetc predict --probabilities) or score label maps only`,
      );
    }
    const probability = await readForegroundProbability(files, pair.truth, truth);
    sweepImages.push(...sweepImagesOf(pair.stem, truth, probability, options));
  }
  return { images, sweepImages };
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

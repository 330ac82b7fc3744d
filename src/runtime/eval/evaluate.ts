import {
  addOverlaps,
  classOverlap,
  classScores,
  pixelError,
  type ClassOverlap,
  type ClassScores,
} from './class-overlap.js';
import { connectedComponents, type Connectivity } from '../data/connected-components.js';
import { segmentationScores, type SegmentationScores } from './segmentation-scores.js';

/** A class-index map: data[i] ∈ [0, K) per pixel, < 0 = ignored (truth only). Shape is spatial. */
export interface LabelImage {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

export interface EvalOptions {
  /** Number of classes K. */
  readonly classes: number;
  /**
   * Class indices whose connected components are the objects for Rand / information scores
   * (ISBI 2012: the cell class, mask value 255; the membrane class is the background).
   */
  readonly foreground: readonly number[];
  readonly connectivity?: Connectivity;
}

export interface ImageEvaluation {
  readonly name: string;
  readonly shape: readonly number[];
  readonly pixelError: number | null;
  readonly segmentation: SegmentationScores;
  readonly truthObjects: number;
  readonly predictedObjects: number;
  readonly perClass: readonly ClassScores[];
  /** Kept for pooled totals. */
  readonly overlap: ClassOverlap;
}

export interface EvaluationTotals {
  readonly images: number;
  /** Pooled over all pixels of all images. */
  readonly pixelError: number | null;
  /**
   * 1 − F-score of the foreground classes' pixels, pooled: the ISBI 2012 challenge's pixel error for a
   * binary map (for a probability map, threshold-sweep.ts takes the best threshold). Null without
   * foreground classes or foreground pixels.
   */
  readonly foregroundPixelError: number | null;
  /** Means over images that have truth objects (the challenge averages per slice). */
  readonly randError: number | null;
  readonly infoError: number | null;
  readonly variationOfInformation: number | null;
  /** Pooled over all pixels (intersections and unions summed first). */
  readonly perClass: readonly ClassScores[];
  /** Mean over classes with a defined score. */
  readonly meanIoU: number | null;
  readonly meanDice: number | null;
}

function mean(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
}

/** Score one predicted label map against its truth (same spatial shape). */
export function evaluateImage(
  name: string,
  truth: LabelImage,
  predicted: LabelImage,
  options: EvalOptions,
): ImageEvaluation {
  if (truth.shape.join('×') !== predicted.shape.join('×')) {
    throw new RangeError(
      `${name}: prediction is ${predicted.shape.join('×')}, truth is ${truth.shape.join('×')}`,
    );
  }
  const foreground = new Set(options.foreground);
  const size = truth.data.length;
  const truthMask = new Uint8Array(size);
  const predMask = new Uint8Array(size);
  const valid = new Array<boolean>(size);
  for (let i = 0; i < size; i++) {
    const t = truth.data[i]!;
    valid[i] = t >= 0 && t < options.classes;
    truthMask[i] = valid[i] && foreground.has(t) ? 1 : 0;
    predMask[i] = foreground.has(predicted.data[i]!) ? 1 : 0;
  }
  const connectivity = options.connectivity ?? 'face';
  const truthObjects = connectedComponents(truthMask, truth.shape, connectivity);
  const predObjects = connectedComponents(predMask, truth.shape, connectivity);
  const overlap = classOverlap(truth.data, predicted.data, options.classes);
  return {
    name,
    shape: truth.shape,
    pixelError: pixelError(overlap),
    segmentation: segmentationScores(truthObjects.labels, predObjects.labels, valid),
    truthObjects: truthObjects.count,
    predictedObjects: predObjects.count,
    perClass: classScores(overlap),
    overlap,
  };
}

/** 1 − 2·TP / (2·TP + FP + FN) with the union of `foreground` classes as the positive class. */
function foregroundFError(overlap: ClassOverlap, foreground: readonly number[]): number | null {
  const k = overlap.classes;
  const positive = new Set(foreground.filter((c) => c >= 0 && c < k));
  if (positive.size === 0) return null;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const n = overlap.confusion[t * k + p]!;
      if (positive.has(t) && positive.has(p)) tp += n;
      else if (positive.has(p)) fp += n;
      else if (positive.has(t)) fn += n;
    }
  }
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? null : 1 - (2 * tp) / denominator;
}

export function summarise(
  images: readonly ImageEvaluation[],
  classes: number,
  foreground: readonly number[] = [],
): EvaluationTotals {
  let pooled: ClassOverlap = { classes, confusion: new Float64Array(classes * classes), pixels: 0 };
  for (const image of images) pooled = addOverlaps(pooled, image.overlap);
  const perClass = classScores(pooled);
  return {
    images: images.length,
    pixelError: pixelError(pooled),
    foregroundPixelError: foregroundFError(pooled, foreground),
    randError: mean(images.map((i) => i.segmentation.randError)),
    infoError: mean(images.map((i) => i.segmentation.infoError)),
    variationOfInformation: mean(images.map((i) => i.segmentation.variationOfInformation)),
    perClass,
    meanIoU: mean(perClass.map((c) => c.iou)),
    meanDice: mean(perClass.map((c) => c.dice)),
  };
}

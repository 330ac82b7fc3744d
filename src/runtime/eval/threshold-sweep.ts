import { connectedComponents, type Connectivity } from '../data/connected-components.js';
import type { LabelImage } from './evaluate.js';
import { segmentationScores } from './segmentation-scores.js';

/**
 * The ISBI 2012 challenge's scoring of a probability map (Arganda-Carreras et al. 2015; reference code:
 * Fiji `trainableSegmentation.metrics.PixelError.getPixelErrorMaximalFScore` and `RandError`): the map
 * of P(foreground) is binarised at each threshold t (foreground where p > t), and each error is
 * 1 − the best score over the thresholds, t = 0, 0.1, …, 1 as the challenge's script used:
 *
 * - pixel error = 1 − max_t F_t, F = 2·TP / (2·TP + FP + FN) with the foreground (the cells on ISBI)
 *   as the positive class, TP/FP/FN pooled over all images ("1 − the maximal F-score of pixel
 *   similarity", the metric the U-Net paper's Table 1 reports as 0.0611);
 * - Rand error = 1 − max_t V_rand and information error = 1 − max_t V_info, with V the foreground-restricted
 *   scores of segmentation-scores.ts averaged over images at each t.
 * Each best is taken separately, as the challenge reported them, and comes with its threshold.
 */
export interface SweepImage {
  readonly name: string;
  /** Class indices (< 0 = ignored), spatial shape. */
  readonly truth: LabelImage;
  /** P(foreground) per pixel, same spatial size as the truth. */
  readonly foreground: ArrayLike<number>;
}

export interface SweepOptions {
  readonly foregroundClasses: readonly number[];
  readonly classes: number;
  readonly connectivity?: Connectivity;
  readonly thresholds?: readonly number[];
}

export interface ThresholdScores {
  readonly threshold: number;
  /** 1 − F-score of the foreground pixels, pooled over images. */
  readonly pixelError: number;
  /** Means over images with truth objects (null when none has any). */
  readonly randError: number | null;
  readonly infoError: number | null;
}

export interface Best {
  readonly value: number;
  readonly threshold: number;
}

export interface SweepResult {
  readonly rows: readonly ThresholdScores[];
  readonly best: {
    readonly pixelError: Best;
    readonly randError: Best | null;
    readonly infoError: Best | null;
  };
}

/** 0, 0.1, …, 1 — the challenge script's `(0.0, 1.0, 0.1)`. */
export const ISBI_THRESHOLDS: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10);

interface PreparedImage {
  readonly shape: readonly number[];
  readonly valid: boolean[];
  readonly truthForeground: Uint8Array;
  readonly truthObjects: Int32Array;
  readonly foreground: ArrayLike<number>;
}

function prepare(image: SweepImage, options: SweepOptions): PreparedImage {
  const foregroundClasses = new Set(options.foregroundClasses);
  const n = image.truth.data.length;
  if (image.foreground.length !== n) {
    throw new RangeError(`${image.name}: probability map has ${image.foreground.length} pixels, truth ${n}`);
  }
  const valid = new Array<boolean>(n);
  const truthForeground = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = image.truth.data[i]!;
    valid[i] = t >= 0 && t < options.classes;
    truthForeground[i] = valid[i] && foregroundClasses.has(t) ? 1 : 0;
  }
  const objects = connectedComponents(truthForeground, image.truth.shape, options.connectivity ?? 'face');
  return {
    shape: image.truth.shape,
    valid,
    truthForeground,
    truthObjects: objects.labels,
    foreground: image.foreground,
  };
}

function mean(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
}

function scoreAt(
  images: readonly PreparedImage[],
  threshold: number,
  connectivity: Connectivity,
): ThresholdScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const rand: (number | null)[] = [];
  const info: (number | null)[] = [];
  for (const image of images) {
    const predicted = new Uint8Array(image.valid.length);
    for (let i = 0; i < predicted.length; i++) {
      const p = image.foreground[i]! > threshold ? 1 : 0;
      predicted[i] = p;
      if (!image.valid[i]) continue;
      const t = image.truthForeground[i]!;
      if (p === 1 && t === 1) tp++;
      else if (p === 1) fp++;
      else if (t === 1) fn++;
    }
    const objects = connectedComponents(predicted, image.shape, connectivity);
    const scores = segmentationScores(image.truthObjects, objects.labels, image.valid);
    rand.push(scores.randError);
    info.push(scores.infoError);
  }
  const denominator = 2 * tp + fp + fn;
  const fScore = denominator === 0 ? 1 : (2 * tp) / denominator;
  return { threshold, pixelError: 1 - fScore, randError: mean(rand), infoError: mean(info) };
}

function lowest(
  rows: readonly ThresholdScores[],
  pick: (row: ThresholdScores) => number | null,
): Best | null {
  let best: Best | null = null;
  for (const row of rows) {
    const value = pick(row);
    if (value !== null && (best === null || value < best.value)) best = { value, threshold: row.threshold };
  }
  return best;
}

/** Scores `images` at every threshold and picks each error's best, as the ISBI 2012 challenge did. */
export function sweepThresholds(images: readonly SweepImage[], options: SweepOptions): SweepResult {
  const connectivity = options.connectivity ?? 'face';
  const prepared = images.map((image) => prepare(image, options));
  const rows = (options.thresholds ?? ISBI_THRESHOLDS).map((t) => scoreAt(prepared, t, connectivity));
  return {
    rows,
    best: {
      pixelError: lowest(rows, (r) => r.pixelError)!,
      randError: lowest(rows, (r) => r.randError),
      infoError: lowest(rows, (r) => r.infoError),
    },
  };
}

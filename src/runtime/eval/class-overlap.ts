/**
 * Per-pixel class agreement: the confusion matrix and what derives from it.
 *
 * - Pixel error = (pixels whose predicted class differs from the truth) / (pixels scored): the
 *   ISBI 2012 challenge's "squared Euclidean distance between the original and the result labels"
 *   for binary labels, normalised by the pixel count (brainiac2.mit.edu/isbi_challenge/evaluation,
 *   the metric the U-Net paper's Table 1 reports); with K classes the same count. The page's other
 *   reading, "1 − F-score of pixel similarity", is 1 − Dice of the foreground class (reported too).
 * - IoU_c  = TP_c / (TP_c + FP_c + FN_c),  Dice_c = 2·TP_c / (2·TP_c + FP_c + FN_c);
 *   null when class c is in neither map (0/0), so absent classes do not skew means.
 */
export interface ClassOverlap {
  readonly classes: number;
  /** confusion[t·K + p] = pixels of true class t predicted as p. */
  readonly confusion: Float64Array;
  readonly pixels: number;
}

/**
 * Confusion matrix of two class-index maps. Truth values < 0 or ≥ K are ignored pixels (the
 * spec's `ignore` value maps to −1); predicted values outside [0, K) are an error.
 */
export function classOverlap(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): ClassOverlap {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} pixels, prediction ${predicted.length}`);
  }
  const confusion = new Float64Array(classes * classes);
  let pixels = 0;
  for (let index = 0; index < truth.length; index++) {
    const t = truth[index]!;
    if (t < 0 || t >= classes) continue;
    const p = predicted[index]!;
    if (!(p >= 0 && p < classes))
      throw new RangeError(`predicted class ${p} at pixel ${index} is not in [0, ${classes})`);
    confusion[t * classes + p]!++;
    pixels++;
  }
  return { classes, confusion, pixels };
}

/** Sum of confusion matrices (for totals over images). */
export function addOverlaps(a: ClassOverlap, b: ClassOverlap): ClassOverlap {
  if (a.classes !== b.classes)
    throw new RangeError(`cannot add ${a.classes}-class and ${b.classes}-class overlaps`);
  const confusion = new Float64Array(a.confusion.length);
  for (let i = 0; i < confusion.length; i++) confusion[i] = a.confusion[i]! + b.confusion[i]!;
  return { classes: a.classes, confusion, pixels: a.pixels + b.pixels };
}

export function pixelError(overlap: ClassOverlap): number | null {
  if (overlap.pixels === 0) return null;
  let agree = 0;
  for (let c = 0; c < overlap.classes; c++) agree += overlap.confusion[c * overlap.classes + c]!;
  return 1 - agree / overlap.pixels;
}

export interface ClassScores {
  readonly iou: number | null;
  readonly dice: number | null;
  /** Pixels of this class in the truth. */
  readonly support: number;
}

export function classScores(overlap: ClassOverlap): ClassScores[] {
  const K = overlap.classes;
  const result: ClassScores[] = [];
  for (let c = 0; c < K; c++) {
    let truePositive = 0;
    let truthCount = 0;
    let predCount = 0;
    for (let o = 0; o < K; o++) {
      truthCount += overlap.confusion[c * K + o]!;
      predCount += overlap.confusion[o * K + c]!;
    }
    truePositive = overlap.confusion[c * K + c]!;
    const falsePositive = predCount - truePositive;
    const falseNegative = truthCount - truePositive;
    const union = truePositive + falsePositive + falseNegative;
    result.push({
      iou: union === 0 ? null : truePositive / union,
      dice: union === 0 ? null : (2 * truePositive) / (2 * truePositive + falsePositive + falseNegative),
      support: truthCount,
    });
  }
  return result;
}

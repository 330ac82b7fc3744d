/**
 * Foreground-restricted Rand and information-theoretic scores, as the ISBI 2012 EM segmentation
 * challenge defines them (Arganda-Carreras et al. 2015, "Crowdsourcing the creation of image
 * segmentation algorithms for connectomics", Front. Neuroanat. 9:142, §2.3; reference code: Fiji
 * `trainableSegmentation.metrics.RandError.foregroundRestrictedStatsN2`).
 *
 * Inputs are two segmentations into objects (connected components of the cell class): T, the
 * ground truth, and S, the prediction; 0 = background (membrane). With n_ij = number of pixels in
 * truth object i and predicted object j:
 *
 * - Foreground restriction: only pixels inside a truth object (T > 0) are counted; truth
 *   background (the boundaries) is ignored entirely.
 * - Predicted background pixels inside a truth object (S = 0) each count as their own singleton
 *   object (Fiji adds Σ p_i0 / n to both Σ p_ij² and Σ s_j² — exactly one singleton per pixel).
 * - Rand:  V_split = Σ n_ij² / Σ t_i²,  V_merge = Σ n_ij² / Σ s_j²,
 *          V_rand  = 2 Σ n_ij² / (Σ t_i² + Σ s_j²)   (the F-score of split and merge),
 *          Rand error = 1 − V_rand.
 * - Information: with p = n / N, H(S), H(T) the entropies and I(S;T) the mutual information,
 *          V_split^IT = I / H(S),  V_merge^IT = I / H(T),  V_info = 2I / (H(S) + H(T)),
 *          information error = 1 − V_info; VI = H(S) + H(T) − 2I (bits).
 * This is the challenge's original "foreground-restricted Rand error" (the one the U-Net paper's
 * Table 1 reports), not the later leaderboard's V_rand after border thinning. No thresholding
 * sweep: the challenge took the best score over thresholds of a probability map; we score the
 * label map we are given (`predict` writes argmax labels). Stacks are scored per slice and averaged,
 * as the Fiji script does.
 */
export interface SegmentationScores {
  /** Pixels inside truth objects (the restricted set); 0 → every score below is null. */
  readonly pixels: number;
  readonly randError: number | null;
  readonly randSplit: number | null;
  readonly randMerge: number | null;
  readonly infoError: number | null;
  readonly infoSplit: number | null;
  readonly infoMerge: number | null;
  /** Variation of information H(S|T) + H(T|S), bits. */
  readonly variationOfInformation: number | null;
}

/** p·log2(p), with 0·log 0 = 0. */
function plogp(p: number): number {
  return p > 0 ? p * Math.log2(p) : 0;
}

/** Ratio with the convention 0/0 = 1 (a perfect score when there is nothing to split or merge). */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

/**
 * Scores of predicted objects `predicted` against truth objects `truth` (same length; object ids,
 * 0 = background). `valid`, when given, excludes pixels (false = ignore).
 */
export function segmentationScores(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  valid?: ArrayLike<boolean>,
): SegmentationScores {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} pixels, prediction ${predicted.length}`);
  }
  const joint = new Map<number, number>();
  const truthSizes = new Map<number, number>();
  const predSizes = new Map<number, number>();
  let pixels = 0;
  let singletons = 0;
  // Joint key: object ids are < 2^31, so t·2^31 + s stays an exact double.
  const shift = 2 ** 31;
  for (let index = 0; index < truth.length; index++) {
    const t = truth[index]!;
    if (t <= 0 || (valid !== undefined && !valid[index])) continue;
    pixels++;
    truthSizes.set(t, (truthSizes.get(t) ?? 0) + 1);
    const s = predicted[index]!;
    if (s <= 0) {
      singletons++;
      continue;
    }
    predSizes.set(s, (predSizes.get(s) ?? 0) + 1);
    const key = t * shift + s;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  if (pixels === 0) {
    return {
      pixels,
      randError: null,
      randSplit: null,
      randMerge: null,
      infoError: null,
      infoSplit: null,
      infoMerge: null,
      variationOfInformation: null,
    };
  }
  let sumJoint2 = singletons;
  let sumTruth2 = 0;
  let sumPred2 = singletons;
  for (const n of joint.values()) sumJoint2 += n * n;
  for (const n of truthSizes.values()) sumTruth2 += n * n;
  for (const n of predSizes.values()) sumPred2 += n * n;
  const randSplit = ratio(sumJoint2, sumTruth2);
  const randMerge = ratio(sumJoint2, sumPred2);
  const vRand = (2 * sumJoint2) / (sumTruth2 + sumPred2);

  const N = pixels;
  // Entropies in bits; each singleton has probability 1/N.
  let hTruth = 0;
  for (const n of truthSizes.values()) hTruth -= plogp(n / N);
  let hPred = -singletons * plogp(1 / N);
  for (const n of predSizes.values()) hPred -= plogp(n / N);
  let hJoint = -singletons * plogp(1 / N);
  for (const n of joint.values()) hJoint -= plogp(n / N);
  // I(S;T) = H(S) + H(T) − H(S,T); clamp rounding noise.
  const mutual = Math.max(0, hPred + hTruth - hJoint);
  const infoSplit = ratio(mutual, hPred);
  const infoMerge = ratio(mutual, hTruth);
  const vInfo = hPred + hTruth === 0 ? 1 : (2 * mutual) / (hPred + hTruth);
  return {
    pixels,
    randError: 1 - vRand,
    randSplit,
    randMerge,
    infoError: Math.max(0, 1 - vInfo),
    infoSplit,
    infoMerge,
    variationOfInformation: Math.max(0, hPred + hTruth - 2 * mutual),
  };
}

/**
 * Segmentation metrics (pure TypeScript, no tfjs): pixel error, foreground-restricted Rand and
 * information-theoretic scores (ISBI 2012), IoU / Dice per class.
 */
export { connectedComponents, type Components, type Connectivity } from '../data/connected-components.js';
export { segmentationScores, type SegmentationScores } from './segmentation-scores.js';
export {
  addOverlaps,
  classOverlap,
  classScores,
  pixelError,
  type ClassOverlap,
  type ClassScores,
} from './class-overlap.js';
export {
  evaluateImage,
  summarise,
  type EvalOptions,
  type EvaluationTotals,
  type ImageEvaluation,
  type LabelImage,
} from './evaluate.js';
export { parseClassList, parseForeground, classesFromValues, type ClassEntry } from './class-spec.js';
export { pairByStem, type FilePair } from './pair-files.js';
export { probabilityMapName, stemOfPath } from './stem.js';
export {
  evaluateFilePairs,
  evaluateClassMaps,
  sweepImagesOf,
  readClassMap,
  assertSameSize,
  distinctMaskValues,
  type FileEvalOptions,
} from './eval-files.js';
export { formatEvaluationText, evaluationJson } from './format-report.js';
export {
  sweepThresholds,
  ISBI_THRESHOLDS,
  type SweepImage,
  type SweepResult,
  type ThresholdScores,
} from './threshold-sweep.js';
export {
  foregroundProbabilityFiles,
  foregroundFromProbabilities,
  readForegroundProbability,
} from './probability-files.js';

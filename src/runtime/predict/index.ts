/**
 * `unetc predict`: overlap-tile inference with mirrored borders (the paper's strategy) on images
 * of any size, optional test-time augmentation, label and probability maps; 2D and 3D.
 */
export { applyDihedral, inverseDihedral, ttaTransforms, type Dihedral, type TtaMode } from './dihedral.js';
export {
  predictTiled,
  predictorFromPlan,
  predictorFromRunner,
  type Predictor,
  type TilingOptions,
} from './predict-tiled.js';
export { probabilitiesInPlace, type TileRunner } from './tile-runner.js';
export { predictImage, classesFromProbabilities, type PredictOptions } from './predict-image.js';
export { predictFiles, predictSettings, predictTile, stemOf, type FilePrediction } from './predict-files.js';
export { loadPredictor, resolveModelDir, type PredictorSource } from './load-predictor.js';
export { writePrediction, classesToMaskValues, type WrittenPrediction } from './write-prediction.js';
export { expandImagePaths } from './expand-images.js';
export { retiledPredictor } from './retile.js';

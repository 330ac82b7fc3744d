/**
 * The data side of training and prediction: framework-free typed arrays, channels-last
 * `Image`s; the trainer converts batches to tensors.
 */
export { type Image, makeImage, spatialShape, channelsOf, spatialDims, formatShape } from './image.js';
export { DataError } from './data-error.js';
export { readImage, readImagePage, countPages, isImagePath, type DecodedImage } from './read-image.js';
export { writePng, encodePngImage, type PngWriteOptions } from './write-png.js';
export { writeTiff, encodeTiff, type TiffWriteOptions } from './write-tiff.js';
export { resolveImagePaths } from './resolve-paths.js';
export {
  listSources,
  pairSources,
  type SamplePair,
  type SourceRef,
  type SourceSets,
} from './pair-sources.js';
export { mapMaskToClasses, maskChannel, IGNORE_CLASS } from './class-map.js';
export { normalizeImage } from './normalize.js';
export { Dataset, type DatasetOptions, type LoadedSample } from './dataset.js';
export { Rng, type RngState } from './rng.js';
export { drawAugmentPlan, planTransform, type AugmentPlan } from './augment/augment.js';
export { coordinateMap, cropCoordinates, translation, type SpatialTransform } from './augment/affine.js';
export { drawElasticControl, denseDisplacement, type ElasticControl } from './augment/elastic-field.js';
export { resample, type Interpolation } from './augment/resample.js';
export { applyIntensity, drawIntensityPlan, type IntensityPlan } from './augment/intensity.js';
export { squaredEdt, edt } from './weight-map/edt.js';
export { connectedComponents, type Components, type Connectivity } from './connected-components.js';
export { computeWeightMap, type WeightMapParams } from './weight-map/weight-map.js';
export { cachedWeightMap, weightMapKey } from './weight-map/cache.js';
export {
  sampleTrainTile,
  type TrainTile,
  type TrainTileGeometry,
  type TrainExample,
} from './tiles/train-tiles.js';
export {
  planInferenceTiles,
  extractInputTile,
  TileStitcher,
  axisStarts,
  type TilePlan,
  type TilePlanOptions,
  type InferenceTile,
  type Blend,
} from './tiles/inference-tiles.js';
export { extractWindow } from './tiles/window.js';
export {
  createBatchSource,
  type Batch,
  type BatchSource,
  type BatchSourceOptions,
  type WaitStats,
} from './prefetch/batch-source.js';

import { join } from 'node:path';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { Dataset, type DatasetOptions } from '../data/dataset.js';
import type { SourceSets } from '../data/pair-sources.js';
import { createBatchSource } from '../data/prefetch/batch-source.js';
import type { TrainTileGeometry } from '../data/tiles/train-tiles.js';
import { trainBatchesFrom } from './batch-source-adapter.js';
import type { HostBatch, TrainBatches } from './host-batch.js';
import type { RunSettings } from './run-dir.js';
import type { DataSection } from './train-preflight.js';
import type { ValidationOptions } from './validation.js';
import { validationBatches } from './validation-tiles.js';

/** Byte budget of decoded samples each of the run's Datasets keeps in memory (a run opens several). */
const SAMPLE_CACHE_BYTES = 64 * 2 ** 20;

/** Validation tiles a pass aims for, cut evenly from the validation images… */
const VALIDATION_TILES_TARGET = 8;
/** …but no more than this many from one image (a single validation image gives 4 tiles). */
const MAX_VALIDATION_TILES_PER_IMAGE = 4;

/** How samples are decoded, normalised and cached (weight maps under `<out>/cache`). */
export function datasetOptionsFor(checked: CheckedModel, data: DataSection, outDir: string): DatasetOptions {
  return {
    dims: checked.spec.network.dims,
    data,
    cacheDir: join(outDir, 'cache'),
    cacheBytes: SAMPLE_CACHE_BYTES,
  };
}

/** Tiles cut from each validation image so that a pass scores about VALIDATION_TILES_TARGET tiles. */
export function validationTilesPerImage(validationImages: number): number {
  return Math.min(
    MAX_VALIDATION_TILES_PER_IMAGE,
    Math.max(1, Math.ceil(VALIDATION_TILES_TARGET / Math.max(1, validationImages))),
  );
}

export interface TrainData {
  /** Opens the training batches at the first step to run (workers prefetch from there). */
  readonly openData: (startStep: number) => TrainBatches;
  /** The fixed validation batches and how to score them; null without validation images. */
  readonly validation: {
    readonly batches: readonly HostBatch[];
    readonly options: Omit<ValidationOptions, 'head'>;
  } | null;
}

/**
 * The run's data: augmented training batches from `workers` threads (0: on the training thread),
 * and the validation tiles, cut once and the same every epoch and after a resume.
 */
export async function prepareTrainData(options: {
  readonly checked: CheckedModel;
  readonly data: DataSection;
  readonly sources: SourceSets;
  readonly dataset: DatasetOptions;
  readonly settings: RunSettings;
  readonly workers: number;
}): Promise<TrainData> {
  const { checked, data, sources, settings } = options;
  const network = checked.spec.network;
  const geometry: TrainTileGeometry = { input: network.inputSize, labelCrop: checked.summary.labelCrop };
  const batches = await validationBatches(
    new Dataset(sources.validation, options.dataset),
    geometry,
    data.border,
    settings.seed,
    settings.batch,
    validationTilesPerImage(sources.validation.length),
  );
  const foreground =
    data.weightMap?.foreground ?? data.classMap.map((c) => c.classIndex).filter((c) => c > 0);
  // A one-channel sigmoid head still scores two classes (background, foreground).
  const metricClasses = Math.max(network.classes, data.classMap.length, 2);
  const workers = Math.max(0, options.workers);
  return {
    openData: (startStep) =>
      trainBatchesFrom(
        createBatchSource({
          pairs: sources.train,
          dataset: options.dataset,
          augment: checked.spec.augment,
          geometry,
          border: data.border,
          seed: settings.seed,
          batch: settings.batch,
          workers,
          startStep,
          endStep: settings.steps,
        }),
        startStep,
      ),
    validation: batches.length > 0 ? { batches, options: { classes: metricClasses, foreground } } : null,
  };
}

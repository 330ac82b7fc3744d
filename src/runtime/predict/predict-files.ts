import type { Plan } from '../../compiler/emit/training-plan.js';
import type { Normalization } from '../../compiler/spec/pipeline-spec.js';
import { DataError } from '../data/data-error.js';
import { channelsOf, type Image } from '../data/image.js';
import { checkDeclaredRange, normalizeImage } from '../data/normalize.js';
import { imageStem, readImage } from '../data/read-image.js';
import { niftiGeometryOf, type NiftiGeometry } from '../data/read-nifti.js';
import { resampleImage, resampleToSpacing } from '../data/resample.js';
import { spacingOf } from '../data/resample-sample.js';
import type { TtaMode } from './dihedral.js';
import { classesFromProbabilities, predictImage, type PredictOptions } from './predict-image.js';
import type { Predictor } from './predict-tiled.js';

export interface FilePrediction {
  readonly file: string;
  readonly stem: string;
  /** Class probabilities [..., K]. */
  readonly probs: Image;
  /** Class indices [..., 1]. */
  readonly classes: Image;
  readonly ms: number;
  /** The input's NIfTI geometry: the prediction is on its grid and is written with its header. */
  readonly nifti: NiftiGeometry | null;
}

/** A file's name without its image extension: `a/b/slice 01.tif` → `slice 01`. */
export function stemOf(file: string): string {
  return imageStem(file);
}

/**
 * How a plan says images are prepared and tiled: the spec's normalisation, border and predict
 * overlap / blending (per-image normalisation without a data section). Same-padding nets see zero
 * padding at every tile edge, so their tiles overlap by at least a quarter tile: with 'none'
 * blending each pixel then comes from a tile with at least 1/8 tile of real context around it.
 */
export function predictSettings(
  plan: Plan,
  tta: TtaMode,
  batch: number,
): PredictOptions & { normalize: Normalization; spacing?: readonly number[] } {
  const data = plan.spec.data;
  const same = plan.summary.labelCrop.every(([a, b]) => a === 0 && b === 0);
  const input = plan.spec.network.inputSize;
  const wanted = data?.predict.overlap ?? input.map(() => 0);
  return {
    normalize: data?.normalize ?? { kind: 'per_image' },
    border: data?.border ?? 'mirror',
    overlap: wanted.map((o, a) => (same ? Math.max(o, Math.floor(input[a]! / 4)) : o)),
    blend: data?.predict.blend ?? 'none',
    batch,
    tta,
    ...(data?.spacing ? { spacing: data.spacing } : {}),
  };
}

/** The tile to predict with: `--tile`, else the spec's data.predict.tile, else the network input. */
export function predictTile(plan: Plan, override: readonly number[] | undefined): readonly number[] {
  return override ?? plan.spec.data?.predict.tile ?? plan.spec.network.inputSize;
}

/** Reads, normalises and predicts each file in turn (one image in memory at a time). */
export async function* predictFiles(
  p: Predictor,
  files: readonly string[],
  options: PredictOptions & { normalize: Normalization; spacing?: readonly number[] },
): AsyncGenerator<FilePrediction> {
  for (const file of files) {
    const decoded = await readImage(file);
    const channels = channelsOf(decoded);
    if (channels !== p.inputChannels) {
      throw new DataError(
        `${file} has ${channels} channel${channels === 1 ? '' : 's'} but the network's input has ${p.inputChannels}; convert the image or use a model with input ×${channels}`,
      );
    }
    checkDeclaredRange(decoded, options.normalize, file);
    const started = Date.now();
    // With data.spacing the network sees the resampled grid; its probabilities go back to the
    // input's grid (trilinearly) before the arg-max, so labels line up with the input voxel for voxel.
    const target = options.spacing;
    const grid = decoded.shape.slice(0, -1);
    const resampled = target === undefined ? null : spacingOf(decoded, file, target);
    const input =
      resampled === null
        ? decoded
        : resampleToSpacing(decoded, resampled.spacing, resampled.target, 'linear');
    const predicted = await predictImage(p, normalizeImage(input, options.normalize), options);
    const probs = target === undefined ? predicted : resampleImage(predicted, grid, 'linear');
    yield {
      file,
      stem: stemOf(file),
      probs,
      classes: classesFromProbabilities(probs),
      ms: Date.now() - started,
      nifti: niftiGeometryOf(decoded),
    };
  }
}

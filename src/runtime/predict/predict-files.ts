import { basename, extname } from 'node:path';
import type { Plan } from '../../compiler/emit/training-plan.js';
import type { Normalization } from '../../compiler/spec/pipeline-spec.js';
import { DataError } from '../data/data-error.js';
import { channelsOf, type Image } from '../data/image.js';
import { normalizeImage } from '../data/normalize.js';
import { readImage } from '../data/read-image.js';
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
}

/** A file's name without its image extension: `a/b/slice 01.tif` → `slice 01`. */
export function stemOf(file: string): string {
  return basename(file, extname(file));
}

/**
 * How a plan says images are prepared and tiled: the spec's normalisation, border and predict
 * tiling; without a data section, per-image normalisation and — for same-padding nets, whose tile
 * borders lack context — a quarter-tile overlap with Gaussian blending.
 */
export function predictSettings(
  plan: Plan,
  tta: TtaMode,
  batch: number,
): PredictOptions & { normalize: Normalization } {
  const data = plan.spec.data;
  const labelCrop = plan.summary.labelCrop;
  const input = plan.spec.network.inputSize;
  const same = labelCrop.every(([a, b]) => a === 0 && b === 0);
  return {
    normalize: data?.normalize ?? { kind: 'per_image' },
    border: data?.border ?? 'mirror',
    overlap: data?.predict.overlap ?? input.map((s) => (same ? Math.floor(s / 4) : 0)),
    blend: data?.predict.blend ?? (same ? 'gaussian' : 'none'),
    batch,
    tta,
  };
}

/** Reads, normalises and predicts each file in turn (one image in memory at a time). */
export async function* predictFiles(
  p: Predictor,
  files: readonly string[],
  options: PredictOptions & { normalize: Normalization },
): AsyncGenerator<FilePrediction> {
  for (const file of files) {
    const decoded = await readImage(file);
    const channels = channelsOf(decoded);
    if (channels !== p.inputChannels) {
      throw new DataError(
        `${file} has ${channels} channel${channels === 1 ? '' : 's'} but the network's input has ${p.inputChannels}; convert the image or use a model with input ×${channels}`,
      );
    }
    const started = Date.now();
    const probs = await predictImage(p, normalizeImage(decoded, options.normalize), options);
    yield {
      file,
      stem: stemOf(file),
      probs,
      classes: classesFromProbabilities(probs),
      ms: Date.now() - started,
    };
  }
}

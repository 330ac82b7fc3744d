import type { AugmentSpec, BorderMode } from '../../../compiler/spec/pipeline-spec.js';
import { coordinateMap, cropCoordinates } from '../augment/affine.js';
import { drawAugmentPlan, planTransform } from '../augment/augment.js';
import { applyIntensity } from '../augment/intensity.js';
import { resample, type Interpolation } from '../augment/resample.js';
import { spatialDims, spatialShape, type Image } from '../image.js';
import type { Rng } from '../rng.js';

export interface TrainTileGeometry {
  /** Network input tile (spatial), e.g. [572, 572]. */
  readonly input: readonly number[];
  /**
   * Per axis [before, after] crop from the input tile to the network output, taken as given from
   * the checker (summary.labelCrop; [0, 0] for same padding) — never re-derived here.
   */
  readonly labelCrop: readonly (readonly [number, number])[];
}

/** One decoded, normalised training example. */
export interface TrainExample {
  readonly image: Image;
  /** Class indices (−1 = ignore); null for unlabelled data. */
  readonly label: Image | null;
  readonly weight: Image | null;
}

export interface TrainTile {
  /** Input-sized image tile. */
  readonly image: Image;
  /** Output-sized (centre crop) label and weight tiles. */
  readonly label: Image | null;
  readonly weight: Image | null;
  /** Where the output region's first pixel came from, before augmentation (for debugging). */
  readonly outputOrigin: readonly number[];
}

/**
 * Cut one random training tile, augmented in the same single resampling (see affine.ts).
 *
 * The output region (input minus labelCrop) is placed uniformly so it lies inside the image when
 * the image is large enough (otherwise centred); the input tile's extra context around it comes
 * from the image, mirrored beyond the border — the paper's overlap-tile strategy. The label and
 * weight tiles are the same coordinate map restricted to the output region, sampled nearest
 * (labels: no invented values) and linear (weights).
 */
export function sampleTrainTile(
  example: TrainExample,
  geometry: TrainTileGeometry,
  augment: AugmentSpec | null,
  rng: Rng,
  border: BorderMode = 'mirror',
): TrainTile {
  const dims = spatialDims(example.image);
  const size = spatialShape(example.image);
  const { input, labelCrop } = geometry;
  const output = input.map((s, a) => s - labelCrop[a]![0] - labelCrop[a]![1]);
  const outputOrigin = size.map((s, a) => {
    const slack = s - output[a]!;
    return slack >= 0 ? rng.int(slack + 1) : Math.floor(slack / 2);
  });
  // Centre of the input tile in source coordinates: output origin − crop before + (input − 1)/2.
  const centre = outputOrigin.map((o, a) => o - labelCrop[a]![0] + (input[a]! - 1) / 2);
  const plan = drawAugmentPlan(augment, rng, dims);
  const coords = coordinateMap(planTransform(plan, centre), input);
  // A pure integer translation needs no interpolation: copy exactly (and faster).
  const copy = plan.spatialIdentity;
  const image = resample(example.image, coords, input, copy ? 'nearest' : plan.imageInterpolation, border);
  if (plan.intensity !== null) applyIntensity(image, plan.intensity, rng);
  const needCrop = labelCrop.some(([b, e]) => b !== 0 || e !== 0);
  const inner = needCrop
    ? cropCoordinates(
        coords,
        input,
        labelCrop.map(([b]) => b),
        output,
      )
    : coords;
  const sample = (map: Image | null, how: Interpolation): Image | null =>
    map === null ? null : resample(map, inner, output, copy ? 'nearest' : how, border);
  return {
    image,
    label: sample(example.label, 'nearest'),
    weight: sample(example.weight, 'linear'),
    outputOrigin,
  };
}

import type { AugmentSpec } from '../../../compiler/spec/pipeline-spec.js';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';

/** Drawn grey-value changes for one sample; null fields were not selected by their probability. */
export interface IntensityPlan {
  /** Added, in normalised intensity units. */
  readonly brightness: number | null;
  /** Multiplies the deviation from the image mean (keeps the mean, changes the spread). */
  readonly contrast: number | null;
  /** Applied on the image's own [min, max] rescaled to [0, 1], then mapped back. */
  readonly gamma: number | null;
  /** Std of additive Gaussian noise. */
  readonly noiseStd: number | null;
}

export function drawIntensityPlan(spec: AugmentSpec, rng: Rng): IntensityPlan {
  // Always draw every value (even when unused) so one option's probability never shifts the
  // random stream of the others: toggling `noise` keeps the same brightness draws.
  const pick = (opt: { p: number; range: { min: number; max: number } } | null): number | null => {
    const on = rng.next() < (opt?.p ?? 0);
    const value = rng.uniform(opt?.range.min ?? 0, opt?.range.max ?? 0);
    return opt !== null && on ? value : null;
  };
  const brightness = pick(spec.brightness);
  const contrast = pick(spec.contrast);
  const gamma = pick(spec.gamma);
  const noiseStd = pick(spec.noise === null ? null : { p: spec.noise.p, range: spec.noise.std });
  return { brightness, contrast, gamma, noiseStd };
}

/** Apply the plan in place (order: gamma, contrast, brightness, noise). */
export function applyIntensity(image: Image, plan: IntensityPlan, rng: Rng): void {
  const d = image.data;
  const n = d.length;
  if (plan.gamma !== null) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      if (d[i]! < min) min = d[i]!;
      if (d[i]! > max) max = d[i]!;
    }
    const span = max - min;
    if (span > 0) for (let i = 0; i < n; i++) d[i] = min + span * Math.pow((d[i]! - min) / span, plan.gamma);
  }
  if (plan.contrast !== null) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += d[i]!;
    mean /= n;
    for (let i = 0; i < n; i++) d[i] = mean + (d[i]! - mean) * plan.contrast;
  }
  if (plan.brightness !== null) for (let i = 0; i < n; i++) d[i] = d[i]! + plan.brightness;
  if (plan.noiseStd !== null && plan.noiseStd > 0)
    for (let i = 0; i < n; i++) d[i] = d[i]! + rng.gaussian(0, plan.noiseStd);
}

import type { ScheduleSpec } from '../../compiler/spec/pipeline-spec.js';

export interface ScheduleContext {
  /** The optimizer's base learning rate lr₀. */
  readonly baseLr: number;
  readonly stepsPerEpoch: number;
  /** epochs · stepsPerEpoch: where poly and cosine reach their end value. */
  readonly totalSteps: number;
}

/**
 * The learning rate for 0-based global step t, a pure function of (spec, context, t) so a resumed
 * run gets exactly the rates the uninterrupted one would:
 *
 * - constant: lr₀
 * - step(every, factor): lr₀ · factor^⌊epoch / every⌋, epoch = ⌊t / stepsPerEpoch⌋ (every is in epochs)
 * - poly(power): lr₀ · (1 − t/T)^power (nnU-Net), T = totalSteps
 * - cosine(minLr): minLr + (lr₀ − minLr) · (1 + cos(π·t/T)) / 2
 *
 * t is clamped to [0, T] so rates stay finite (and ≥ 0) if a run is extended past its plan.
 */
export function learningRateAt(spec: ScheduleSpec, ctx: ScheduleContext, step: number): number {
  const total = Math.max(1, ctx.totalSteps);
  const t = Math.min(Math.max(0, step), total);
  switch (spec.kind) {
    case 'constant':
      return ctx.baseLr;
    case 'step': {
      const epoch = Math.floor(step / Math.max(1, ctx.stepsPerEpoch));
      return ctx.baseLr * Math.pow(spec.factor, Math.floor(epoch / Math.max(1, spec.every)));
    }
    case 'poly':
      return ctx.baseLr * Math.pow(1 - t / total, spec.power);
    case 'cosine':
      return spec.minLr + (ctx.baseLr - spec.minLr) * 0.5 * (1 + Math.cos((Math.PI * t) / total));
  }
}

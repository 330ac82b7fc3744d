import type { Plan } from '../../compiler/emit/training-plan.js';
import type { RunSettings } from './run-dir.js';
import type { TrainSection } from './train-preflight.js';
import type { TrainSessionOptions } from './train-session.js';

/** The session options that follow from the spec's train section, the plan and the run's settings. */
export type SpecSessionOptions = Pick<
  TrainSessionOptions,
  | 'heads'
  | 'resolution'
  | 'loss'
  | 'optimizer'
  | 'schedule'
  | 'epochs'
  | 'stepsPerEpoch'
  | 'totalSteps'
  | 'seed'
  | 'checkpointEvery'
  | 'keepCheckpoints'
  | 'selectBy'
  | 'patience'
>;

/**
 * What the session trains by: the plan's heads (outputs[0] = main) with their loss weights, the
 * spec's loss, optimizer, schedule, checkpointing and model selection, and the settings in force
 * (the spec's, after overrides, or the recorded ones of a resumed run).
 */
export function sessionOptionsFrom(
  train: TrainSection,
  plan: Plan,
  settings: RunSettings,
): SpecSessionOptions {
  return {
    heads: plan.training.outputs.map((o) => ({ name: o.name, weight: o.lossWeight })),
    resolution: plan.training.supervision?.resolution ?? 'native',
    loss: train.loss,
    optimizer: train.optimizer,
    schedule: train.schedule,
    epochs: settings.epochs,
    stepsPerEpoch: train.stepsPerEpoch,
    totalSteps: settings.steps,
    seed: settings.seed,
    checkpointEvery: train.checkpointEvery,
    keepCheckpoints: train.keepCheckpoints,
    selectBy: train.selectBy,
    patience: train.earlyStop?.patience ?? null,
  };
}

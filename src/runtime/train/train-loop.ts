import type * as tf from '@tensorflow/tfjs';
import { seedDropoutLayers } from './dropout-seeds.js';
import type { HostBatch, TrainBatches } from './host-batch.js';
import type { TrainOptimizer } from './optimizers.js';
import type { StepRecord, ValidationLogRecord } from './run-log.js';
import type { StopRequest } from './signals.js';
import type { BestModel, TrainProgressState } from './train-state.js';
import { trainStep, type ModelLoss } from './train-step.js';
import type { ValidationOptions } from './validation.js';
import { closeEpoch, endEpoch } from './epoch-end.js';
import { turnEventLoop } from './event-loop-turn.js';
import type { ValidationSample } from '../report/val-samples.js';

/** Training cannot go on (the loss diverged): a message for the user, not a crash. */
export class TrainingDiverged extends Error {}

export interface TrainLoopHooks {
  /** Persist a checkpoint of the current weights, optimizer and `state`. */
  saveCheckpoint(state: TrainProgressState): Promise<void>;
  /** Validation tiles with their latest predictions, for the run report (overwritten each time). */
  saveSamples?(samples: readonly ValidationSample[]): Promise<void>;
  /** Keep the current weights as the best model so far. */
  saveBest(best: BestModel): Promise<void>;
  onStep?(record: StepRecord): void;
  onValidation?(record: ValidationLogRecord): void;
  /** Human-readable notes (validation summaries, early stop). */
  note?(line: string): void;
}

export interface TrainLoopConfig {
  /** The logits model (see logits-model.ts). */
  readonly model: tf.LayersModel;
  readonly variables: readonly tf.Variable[];
  readonly loss: ModelLoss;
  readonly optimizer: TrainOptimizer;
  /** Learning rate of 0-based step t (schedule.ts). */
  readonly lrAt: (step: number) => number;
  readonly data: TrainBatches;
  readonly validation: { readonly batches: readonly HostBatch[]; readonly options: ValidationOptions } | null;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly checkpointEvery: number;
  /** Metric for best-model selection (metricDirection's keys). */
  readonly selectBy: string;
  /** Early stopping: validations without improvement before stopping; null = never. */
  readonly patience: number | null;
  readonly stop: StopRequest;
  readonly hooks: TrainLoopHooks;
}

export type TrainOutcome = 'done' | 'interrupted' | 'early_stop';

export interface TrainLoopResult {
  readonly state: TrainProgressState;
  readonly outcome: TrainOutcome;
}

/**
 * The training loop: from `start.step` to `totalSteps`, one batch per step; validation, best-model
 * selection and early stopping at every epoch end; a checkpoint every `checkpointEvery` steps, at
 * the end, and when a stop is requested (Ctrl-C finishes the running step first).
 */
export async function runTrainLoop(
  config: TrainLoopConfig,
  start: TrainProgressState,
): Promise<TrainLoopResult> {
  let state = start;
  let savedAt = start.step;
  const save = async () => {
    if (savedAt === state.step) return;
    await config.hooks.saveCheckpoint(state);
    savedAt = state.step;
  };
  // A run stopped during an epoch's validation resumes by scoring that epoch first.
  if (config.validation && state.step > 0 && state.step % config.stepsPerEpoch === 0) {
    if (state.history.at(-1)?.step !== state.step) {
      const end = await endEpoch(config, state);
      state = end.state;
      if (end.outcome !== 'continue') return { state, outcome: end.outcome };
    }
  }
  for (let step = start.step; step < config.totalSteps; step++) {
    await turnEventLoop();
    if (config.stop.requested) break;
    const t0 = performance.now();
    const batch = await config.data.batch(step);
    const dataWaitMs = performance.now() - t0;
    // A stop that arrived while waiting for data must not wait for one more (synchronous) step.
    if (config.stop.requested) break;
    seedDropoutLayers(config.model, state.seed, step);
    const lr = config.lrAt(step);
    const loss = await trainStep(config.model, config.variables, config.loss, config.optimizer, batch, lr);
    if (!Number.isFinite(loss)) {
      throw new TrainingDiverged(
        `the loss became ${loss} at step ${step + 1} (learning rate ${lr}); lower the learning rate or resume from an earlier checkpoint`,
      );
    }
    const done = step + 1;
    state = { ...state, step: done, dataCursor: done, epoch: Math.floor(done / config.stepsPerEpoch) };
    config.hooks.onStep?.({
      type: 'step',
      step: done,
      epoch: Math.floor(step / config.stepsPerEpoch) + 1,
      loss,
      lr,
      ms: performance.now() - t0,
      dataWaitMs,
    });
    if (done % config.stepsPerEpoch === 0) {
      const end = await endEpoch(config, state);
      state = end.state;
      // Interrupted during validation, even at the last step: a checkpoint, not an unscored model.
      if (end.outcome !== 'continue') {
        await save();
        return { state, outcome: end.outcome };
      }
    }
    if (done % config.checkpointEvery === 0) await save();
  }
  const interrupted = config.stop.requested && state.step < config.totalSteps;
  // A run that ends mid-epoch (--steps) still gets scored, and that score can select the model.
  if (!interrupted && state.step % config.stepsPerEpoch !== 0) {
    const closed = await closeEpoch(config, state);
    if (closed === null) {
      await save();
      return { state, outcome: 'interrupted' };
    }
    state = closed;
  }
  await save();
  return { state, outcome: interrupted ? 'interrupted' : 'done' };
}

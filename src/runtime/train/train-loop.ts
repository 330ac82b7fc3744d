import type * as tf from '@tensorflow/tfjs';
import { seedDropoutLayers } from './dropout-seeds.js';
import type { HostBatch, TrainBatches } from './host-batch.js';
import type { TrainOptimizer } from './optimizers.js';
import type { StepRecord, ValidationLogRecord } from './run-log.js';
import type { StopRequest } from './signals.js';
import type { BestModel, TrainProgressState } from './train-state.js';
import { trainStep, type ModelLoss } from './train-step.js';
import { metricDirection, validate, type ValidationOptions } from './validation.js';
import { SampleCollector } from './validation-samples.js';
import { turnEventLoop } from './event-loop-turn.js';
import type { ValidationSample } from '../report/val-samples.js';

/** Validation tiles kept for the report. */
const REPORT_SAMPLES = 3;

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

function improves(metric: string, value: number, best: BestModel | null): boolean {
  if (best === null) return true;
  return metricDirection[metric] === 'max' ? value > best.value : value < best.value;
}

/**
 * Runs the validation that closes an epoch; updates history, best model and the patience count.
 * Null when a stop was requested during the validation: its partial scores select nothing.
 */
async function closeEpoch(
  config: TrainLoopConfig,
  state: TrainProgressState,
): Promise<TrainProgressState | null> {
  if (!config.validation) return state;
  // 1-based epoch the validated step belongs to (a run cut short by --steps ends mid-epoch).
  const epoch = Math.ceil(state.step / config.stepsPerEpoch);
  const collector = new SampleCollector(config.hooks.saveSamples ? REPORT_SAMPLES : 0);
  const metrics = await validate(
    config.model,
    config.loss,
    config.validation.batches,
    config.validation.options,
    (batch, predicted) => collector.add(batch, predicted),
    config.stop,
  );
  if (metrics === null) {
    config.hooks.note?.(`validation of epoch ${epoch} interrupted; it selects nothing`);
    return null;
  }
  if (collector.samples.length > 0) await config.hooks.saveSamples?.(collector.samples);
  // select_by: last keeps the final weights: validation is scored and logged but selects nothing.
  const value = config.selectBy === 'last' ? null : metrics[config.selectBy];
  const better =
    value !== null &&
    value !== undefined &&
    Number.isFinite(value) &&
    improves(config.selectBy, value, state.best);
  const best: BestModel | null = better
    ? { metric: config.selectBy, value: value, epoch, step: state.step }
    : state.best;
  if (better) await config.hooks.saveBest(best!);
  config.hooks.onValidation?.({
    type: 'validation',
    step: state.step,
    epoch,
    metrics,
    best: better,
  });
  const shown = Object.entries(metrics)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${v!.toFixed(4)}`)
    .join(', ');
  config.hooks.note?.(`epoch ${epoch}: ${shown}${better ? ' (best)' : ''}`);
  return {
    ...state,
    history: [...state.history, { epoch, step: state.step, metrics }],
    best,
    sinceBest: better ? 0 : state.sinceBest + 1,
  };
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
  // A stop during an epoch's validation ends the run even at the last step: its model is unscored.
  let validationCut = false;
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
      const closed = await closeEpoch(config, state);
      if (closed === null) {
        validationCut = true;
        break;
      }
      state = closed;
      if (config.patience !== null && state.sinceBest >= config.patience) {
        config.hooks.note?.(
          `early stop: no improvement of ${config.selectBy} in ${config.patience} validations`,
        );
        await save();
        return { state, outcome: 'early_stop' };
      }
    }
    if (done % config.checkpointEvery === 0) await save();
  }
  const interrupted = validationCut || (config.stop.requested && state.step < config.totalSteps);
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

import type { TrainLoopConfig, TrainOutcome } from './train-loop.js';
import type { BestModel, TrainProgressState } from './train-state.js';
import { metricDirection, validate } from './validation.js';
import { SampleCollector } from './validation-samples.js';

/** Validation tiles kept for the report. */
const REPORT_SAMPLES = 3;

function improves(metric: string, value: number, best: BestModel | null): boolean {
  if (best === null) return true;
  return metricDirection[metric] === 'max' ? value > best.value : value < best.value;
}

/**
 * Runs the validation that closes an epoch; updates history, best model and the patience count.
 * Null when a stop was requested during the validation: its partial scores select nothing.
 */
export async function closeEpoch(
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
 * An epoch's end: its validation (closeEpoch), then early stopping once `patience` validations
 * brought no improvement. 'interrupted' when a stop came during the validation.
 */
export async function endEpoch(
  config: TrainLoopConfig,
  state: TrainProgressState,
): Promise<{ state: TrainProgressState; outcome: TrainOutcome | 'continue' }> {
  const closed = await closeEpoch(config, state);
  if (closed === null) return { state, outcome: 'interrupted' };
  if (config.patience !== null && closed.sinceBest >= config.patience) {
    config.hooks.note?.(`early stop: no improvement of ${config.selectBy} in ${config.patience} validations`);
    return { state: closed, outcome: 'early_stop' };
  }
  return { state: closed, outcome: 'continue' };
}

import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import type { BackendChoice } from '../backend/select-backend.js';
import { describeBackend, useBackend } from '../backend/use-backend.js';
import { refuseOversizedWasmStep } from './memory-guard.js';
import { ProgressDisplay } from './progress-display.js';
import { lockRunDir } from './run-lock.js';
import { loadRunModel } from './run-model.js';
import { startRunDir, type TrainOverrides } from './run-start.js';
import { sessionOptionsFrom } from './session-options.js';
import type { StopRequest } from './signals.js';
import { datasetOptionsFor, prepareTrainData } from './train-data.js';
import { checkTrainableSpec, listAndCheckSamples, type TrainableSpec } from './train-preflight.js';
import { reportInterrupted, translateTrainingError, writeFinishedRun } from './train-report.js';
import { runTrainSession, type TrainSessionResult } from './train-session.js';

export type { TrainOverrides } from './run-start.js';

export interface TrainRunInput {
  /** The checked spec (the compiler's output, or a compiled directory's plan). */
  readonly checked: CheckedModel;
  /** Spec file, recorded in run.json. */
  readonly specPath: string;
  /** Data globs are relative to this directory (the spec file's). */
  readonly specDir: string;
  /** Start from this compiled directory's weights (training a compiled dir: fine-tuning) instead of a fresh init. */
  readonly initialWeightsFrom?: string;
  readonly outDir: string;
  readonly backend: BackendChoice;
  readonly resume: boolean;
  readonly force: boolean;
  readonly overrides: TrainOverrides;
  /** Data worker threads (0: on the training thread). */
  readonly workers: number;
  readonly tty: boolean;
  readonly stop: StopRequest;
  /** Human-readable output (stderr in the CLI). */
  readonly write: (line: string) => void;
}

export interface TrainRunResult extends TrainSessionResult {
  /** `<out>/model` when the run finished (not when interrupted). */
  readonly modelDir: string | null;
}

/**
 * `unetc train`: checks everything that can be checked (spec sections, output directory, backend,
 * every sample) before the first step, then trains with checkpoints and validation and writes the
 * selected model to `<out>/model` in the compiled layout (model.json + weights + plan.json).
 * The network as compiled (initial weights) is kept in `<out>/compiled`, which a resume reloads.
 */
export async function runTraining(input: TrainRunInput): Promise<TrainRunResult> {
  const trainable = checkTrainableSpec(input.checked, input.specPath, input.write);
  // One process per run directory; held until this run has written everything it will write.
  const lock = await lockRunDir(input.outDir);
  try {
    return await trainLocked(input, trainable);
  } finally {
    lock.release();
  }
}

async function trainLocked(input: TrainRunInput, { train, data }: TrainableSpec): Promise<TrainRunResult> {
  const { checked, specPath, outDir, write } = input;
  const { settings, resumeFrom } = await startRunDir({ ...input, train });
  const dataset = datasetOptionsFor(checked, data, outDir);
  const sources = await listAndCheckSamples({ ...input, data, seed: settings.seed, dataset });

  const backend = await useBackend(input.backend);
  refuseOversizedWasmStep({
    backendName: backend.name,
    checked,
    specBatch: train.batch,
    batch: settings.batch,
    specPath,
  });
  write(describeBackend(backend));

  const resuming = resumeFrom !== null;
  const { model, plan } = await loadRunModel({ ...input, seed: settings.seed, resuming });
  const trainData = await prepareTrainData({
    checked,
    data,
    sources,
    dataset,
    settings,
    workers: input.workers,
  });
  write(
    `training ${checked.spec.name} on ${backend.name}: ${sources.train.length} training / ${sources.validation.length} validation images, ` +
      `batch ${settings.batch}, ${settings.steps} steps, seed ${settings.seed} → ${outDir}`,
  );

  const display = new ProgressDisplay({
    batch: settings.batch,
    totalSteps: settings.steps,
    stepsPerEpoch: train.stepsPerEpoch,
    tty: input.tty,
    write,
  });
  let result: TrainSessionResult;
  try {
    result = await runTrainSession({
      model,
      ...sessionOptionsFrom(train, plan, settings),
      ...trainData,
      runDir: outDir,
      resume: resuming,
      resumeFrom,
      stop: input.stop,
      onStep: display.onStep,
      note: display.note,
    });
  } catch (error) {
    throw translateTrainingError(error, { backendName: backend.name, checked, specPath });
  } finally {
    display.stop();
  }

  if (result.outcome === 'interrupted') {
    reportInterrupted(result, { reason: input.stop.reason, specPath, outDir, write });
    model.dispose();
    return { ...result, modelDir: null };
  }
  const modelDir = await writeFinishedRun(result, {
    checked,
    model,
    seed: settings.seed,
    selectBy: train.selectBy,
    outDir,
    write,
  });
  return { ...result, modelDir };
}

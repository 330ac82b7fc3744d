import { resolve, join } from 'node:path';
import { UserError } from '../../common/user-error.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { listSources } from '../data/pair-sources.js';
import { TrainProgress } from '../train/progress.js';
import { prepareRunDir, settingsSourcesOf } from '../train/run-dir.js';
import { lockRunDir } from '../train/run-lock.js';
import { writeRunReport } from '../train/run-outputs.js';
import type { TrainOverrides } from '../train/train-run.js';
import { findPython } from './find-python.js';
import { RunLogFollower } from './follow-run-log.js';
import {
  hasTfjsCheckpoints,
  hasTorchCheckpoint,
  removeStaleOutputs,
  writePackage,
  writeSources,
  writeTfjsModel,
} from './package-run-dir.js';
import { spawnTrainer } from './spawn-trainer.js';

export interface PytorchTrainInput {
  readonly checked: CheckedModel;
  readonly specPath: string;
  /** Data globs are relative to this directory (the spec file's). */
  readonly specDir: string;
  /** Start from this compiled (tfjs) directory's weights instead of a fresh init. */
  readonly initialWeights?: { readonly from: string; readonly weights: ReadonlyMap<string, Float32Array> };
  readonly outDir: string;
  readonly resume: boolean;
  readonly force: boolean;
  readonly overrides: TrainOverrides;
  readonly workers?: number;
  readonly device?: string;
  readonly amp: boolean;
  readonly nproc: number;
  readonly tty: boolean;
  readonly write: (line: string) => void;
  /** Registers a handler for stop signals (the CLI's SIGINT/SIGTERM); returns its disposer. */
  readonly onStopSignal: (forward: (signal: NodeJS.Signals) => void) => () => void;
}

/**
 * `unetc train --target pytorch`: the same run directory as a tfjs run (run.json, train.jsonl,
 * checkpoints/, best/, compiled/, model/, report.html) trained by the package's train.py. unetc
 * resolves the data (sources.json), compiles the package, runs train.py (under torchrun for
 * nproc > 1) showing progress from its train.jsonl, and converts the selected weights to model/.
 * Returns the exit status: 0, 1 (diverged), 2 (bad input) or 130 (interrupted).
 */
export async function runPytorchTraining(input: PytorchTrainInput): Promise<number> {
  const { checked, outDir } = input;
  const { train, data } = checked.spec;
  if (!train)
    throw new UserError(`${input.specPath} has no train { } section; add one to train this network`);
  if (!data)
    throw new UserError(`${input.specPath} has no data { } section; say where the images and masks are`);
  if (!Number.isInteger(input.nproc) || input.nproc < 1)
    throw new UserError(`--nproc must be a positive integer`);
  const python = findPython();
  // One trainer per run directory, as for tfjs runs.
  const lock = await lockRunDir(outDir);
  try {
    return await trainLocked(input, python, train, data);
  } finally {
    lock.release();
  }
}

type TrainSection = NonNullable<CheckedModel['spec']['train']>;
type DataSection = NonNullable<CheckedModel['spec']['data']>;

async function trainLocked(
  input: PytorchTrainInput,
  python: string,
  train: TrainSection,
  data: DataSection,
): Promise<number> {
  const { checked, outDir, write } = input;
  const prepared = await prepareRunDir(outDir, {
    resume: input.resume,
    force: input.force,
    spec: resolve(input.specPath),
    settings: settingsSourcesOf(train, checked.spec.network.inputSize, input.overrides),
  });
  const { seed, batch, steps: totalSteps } = prepared.settings;
  const wasRun = prepared.wasRun;
  const resuming = prepared.continuing && hasTorchCheckpoint(outDir);
  if (input.resume && !resuming && hasTfjsCheckpoints(outDir)) {
    throw new UserError(
      `the run in ${outDir} was trained with TensorFlow.js; resume it without --target pytorch (or start a new --out)`,
    );
  }
  if (input.resume && !resuming) write(`no checkpoint in ${outDir}; starting from step 0`);
  if (wasRun && !resuming) await removeStaleOutputs(outDir);
  const packageDir = join(outDir, 'compiled');
  let sources = join(outDir, 'sources.json');
  if (!resuming) {
    const pairs = await listSources(data, input.specDir, { dims: checked.spec.network.dims, seed });
    if (pairs.train.length === 0)
      throw new UserError(`${input.specPath}: every sample went to validation; lower data.validation`);
    sources = await writeSources(outDir, pairs);
    await writePackage(checked, outDir, {
      seed,
      ...(input.initialWeights
        ? { weights: input.initialWeights.weights, weightsFrom: input.initialWeights.from }
        : {}),
    });
  }
  write(`training with PyTorch (${python}${input.nproc > 1 ? `, ${input.nproc} processes` : ''})`);

  const ui: { progress: TrainProgress | null; lastStep: number } = { progress: null, lastStep: 0 };
  const started = Date.now();
  let firstStep = -1;
  const follower = new RunLogFollower(join(outDir, 'train.jsonl'), (record) => {
    if (record.type !== 'step') return;
    if (firstStep < 0) firstStep = record.step - 1;
    ui.lastStep = record.step;
    ui.progress ??= new TrainProgress({
      totalSteps: Math.max(totalSteps, record.step),
      startStep: firstStep,
      tty: input.tty,
      every: Math.max(1, Math.min(50, train.stepsPerEpoch)),
      write,
    });
    const seconds = (Date.now() - started) / 1000;
    ui.progress.update({
      step: record.step,
      epoch: record.epoch,
      loss: record.loss,
      tilesPerSecond: ((record.step - firstStep) * batch) / Math.max(seconds, 1e-3),
    });
  });
  const say = (line: string) => (ui.progress ? ui.progress.log(line) : write(line));
  const trainer = spawnTrainer(
    {
      python,
      packageDir,
      outDir,
      sources,
      resume: resuming,
      overrides: input.overrides,
      ...(input.workers !== undefined ? { workers: input.workers } : {}),
      ...(input.device !== undefined ? { device: input.device } : {}),
      amp: input.amp,
      nproc: input.nproc,
    },
    (line) => {
      follower.poll(); // steps logged before this line are shown before it
      if (line.trim() !== '') say(line);
    },
  );
  const dispose = input.onStopSignal((signal) => trainer.signal(signal));
  let code: number;
  try {
    code = await trainer.exit;
  } finally {
    dispose();
    follower.stop();
    ui.progress?.stop();
  }
  if (code === 130) {
    write(`continue with: unetc train ${input.specPath} --target pytorch --out ${outDir} --resume`);
    return 130;
  }
  if (code !== 0) return code === 1 || code === 2 ? code : 1;
  const modelDir = await writeTfjsModel(checked, outDir, seed, ui.lastStep);
  await writeRunReport(outDir, write);
  write(`model written to ${modelDir}`);
  return 0;
}

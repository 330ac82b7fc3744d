import { rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../../common/user-error.js';
import { writeCompiled } from '../../compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import type { BackendChoice } from '../backend/select-backend.js';
import { describeBackend, useBackend } from '../backend/use-backend.js';
import { estimateWasmTrainingBytes, WASM_HEAP_BYTES } from './wasm-memory.js';
import { Dataset, type DatasetOptions } from '../data/dataset.js';
import { listSources } from '../data/pair-sources.js';
import { createBatchSource } from '../data/prefetch/batch-source.js';
import { loadCompiled } from '../model/load-compiled.js';
import { trainBatchesFrom } from './batch-source-adapter.js';
import { newestGoodCheckpoint } from './checkpoint.js';
import { preflightSamples } from './preflight.js';
import { TrainProgress } from './progress.js';
import { prepareRunDir, removeStaleTemporaries } from './run-dir.js';
import { lockRunDir } from './run-lock.js';
import { compiledWeights, weightsByName, writeRunReport } from './run-outputs.js';
import type { StopRequest } from './signals.js';
import { TrainingDiverged } from './train-loop.js';
import { runTrainSession, type TrainSessionResult } from './train-session.js';
import { validationBatches } from './validation-tiles.js';
import { metricDirection } from './validation.js';

export interface TrainOverrides {
  readonly epochs?: number;
  readonly steps?: number;
  readonly seed?: number;
  readonly batch?: number;
}

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
  const { checked, outDir, write } = input;
  const spec = checked.spec;
  if (!spec.train)
    throw new UserError(`${input.specPath} has no train { } section; add one to train this network`);
  if (!spec.data)
    throw new UserError(`${input.specPath} has no data { } section; say where the images and masks are`);
  const train = spec.train;
  const data = spec.data;
  if (train.selectBy !== 'last' && !(train.selectBy in metricDirection)) {
    throw new UserError(
      `select_by: '${train.selectBy}' is not a validation metric; use one of ${Object.keys(metricDirection).join(', ')}, or last`,
    );
  }
  // select_by / early_stop consistency is the checker's (UNC4509); a plan reaching here passed it.
  if (train.loss.kind === 'weighted_ce' && data.weightMap === null) {
    write('note: loss weighted_ce without a data.weight_map: every pixel weighs 1 (plain cross-entropy)');
  }
  // One process per run directory; held until this run has written everything it will write.
  const lock = await lockRunDir(outDir);
  try {
    return await trainLocked(input, train, data);
  } finally {
    lock.release();
  }
}

type TrainSection = NonNullable<CheckedModel['spec']['train']>;
type DataSection = NonNullable<CheckedModel['spec']['data']>;

async function trainLocked(
  input: TrainRunInput,
  train: TrainSection,
  data: DataSection,
): Promise<TrainRunResult> {
  const { checked, outDir, write } = input;
  const spec = checked.spec;
  const prepared = await prepareRunDir(outDir, {
    resume: input.resume,
    force: input.force,
    spec: resolve(input.specPath),
    settings: {
      spec: {
        epochs: train.epochs,
        stepsPerEpoch: train.stepsPerEpoch,
        batch: train.batch,
        seed: train.seed,
        inputSize: spec.network.inputSize,
      },
      overrides: input.overrides,
    },
  });
  const { seed, batch, epochs, steps: totalSteps } = prepared.settings;
  await removeStaleTemporaries(outDir);
  const resumeFrom = prepared.continuing
    ? await newestGoodCheckpoint(join(outDir, 'checkpoints'), write)
    : null;
  const resuming = resumeFrom !== null;
  if (input.resume && !resuming) write(`no checkpoint in ${outDir}; starting from step 0`);
  if (resumeFrom) {
    write(
      `resuming the run in ${outDir} from step ${resumeFrom.contents.state.step} (${basename(resumeFrom.dir)}) ` +
        `with its settings: ${totalSteps} steps, batch ${batch}, seed ${seed}, input ${prepared.settings.inputSize.join('×')}`,
    );
  }
  if (prepared.wasRun && !resuming) {
    // Starting over in a run directory (--force, or --resume before any checkpoint): drop the old
    // run's progress so it cannot mix with the new one. Only unetc's own names are touched, and
    // model/ stays until this run's model replaces it (a failed run must not lose the last model).
    for (const stale of ['checkpoints', 'best', 'train.jsonl', 'compiled']) {
      await rm(join(outDir, stale), { recursive: true, force: true });
    }
  }

  const network = spec.network;
  const datasetOptions: DatasetOptions = {
    dims: network.dims,
    data,
    cacheDir: join(outDir, 'cache'),
    cacheBytes: 64 * 2 ** 20,
  };
  const sources = await listSources(data, input.specDir, { dims: network.dims, seed });
  if (sources.train.length === 0)
    throw new UserError(`${input.specPath}: every sample went to validation; lower data.validation`);
  write(`checking ${sources.train.length + sources.validation.length} samples`);
  await preflightSamples(new Dataset([...sources.train, ...sources.validation], datasetOptions), network);

  const backend = await useBackend(input.backend);
  const backendName = backend.name;
  if (backendName === 'wasm') {
    // The checker's activation estimate is at the spec's batch; scale it to the batch in use.
    const summary = checked.summary;
    const needed = estimateWasmTrainingBytes({
      ...summary,
      trainingActivationBytes: (summary.trainingActivationBytes / train.batch) * batch,
    });
    if (needed > WASM_HEAP_BYTES) {
      throw new UserError(
        `training '${input.specPath}' at ${network.inputSize.join('×')}, batch ${batch} needs about ` +
          `${(needed / 2 ** 30).toFixed(1)} GiB on the wasm backend, more than its 4 GiB heap: train on smaller ` +
          `tiles with --input-size (unetc summary lists the valid sizes), a smaller --batch, or install @tensorflow/tfjs-node`,
      );
    }
  }
  write(describeBackend(backend));

  const compiledDir = join(outDir, 'compiled');
  if (!resuming) {
    const from = input.initialWeightsFrom;
    const weights = from ? await compiledWeights(from) : undefined;
    await writeCompiled(checked, compiledDir, {
      seed,
      ...(from && weights ? { weights, weightsFrom: from } : {}),
    });
  }
  const { model, plan } = await loadCompiled(compiledDir);
  if (JSON.stringify(plan.graph) !== JSON.stringify(checked.graph)) {
    throw new UserError(
      `the network in ${input.specPath} changed since the run in ${outDir} started; train it in a new --out (or pass --force)`,
    );
  }

  const geometry = { input: network.inputSize, labelCrop: checked.summary.labelCrop };
  const validationSet = new Dataset(sources.validation, datasetOptions);
  const tilesPerImage = Math.min(4, Math.max(1, Math.ceil(8 / Math.max(1, sources.validation.length))));
  const valBatches = await validationBatches(
    validationSet,
    geometry,
    data.border,
    seed,
    batch,
    tilesPerImage,
  );
  const foreground =
    data.weightMap?.foreground ?? data.classMap.map((c) => c.classIndex).filter((c) => c > 0);
  const workers = Math.max(0, input.workers);
  // A one-channel sigmoid head still scores two classes (background, foreground).
  const metricClasses = Math.max(network.classes, data.classMap.length, 2);

  write(
    `training ${spec.name} on ${backendName}: ${sources.train.length} training / ${sources.validation.length} validation images, ` +
      `batch ${batch}, ${totalSteps} steps, seed ${seed} → ${outDir}`,
  );
  const ui: { progress: TrainProgress | null } = { progress: null };
  const started = Date.now();
  let firstStep = -1;
  let result: TrainSessionResult;
  try {
    result = await runTrainSession({
      model,
      heads: plan.training.outputs.map((o) => ({ name: o.name, weight: o.lossWeight })),
      resolution: plan.training.supervision?.resolution ?? 'native',
      loss: train.loss,
      optimizer: train.optimizer,
      schedule: train.schedule,
      epochs,
      stepsPerEpoch: train.stepsPerEpoch,
      totalSteps,
      seed,
      checkpointEvery: train.checkpointEvery,
      keepCheckpoints: train.keepCheckpoints,
      selectBy: train.selectBy,
      patience: train.earlyStop?.patience ?? null,
      openData: (startStep) =>
        trainBatchesFrom(
          createBatchSource({
            pairs: sources.train,
            dataset: datasetOptions,
            augment: spec.augment,
            geometry,
            border: data.border,
            seed,
            batch,
            workers,
            startStep,
            endStep: totalSteps,
          }),
          startStep,
        ),
      validation:
        valBatches.length > 0
          ? { batches: valBatches, options: { classes: metricClasses, foreground } }
          : null,
      runDir: outDir,
      resume: resuming,
      resumeFrom,
      stop: input.stop,
      onStep: (step, epoch, loss) => {
        if (firstStep < 0) firstStep = step - 1;
        ui.progress ??= new TrainProgress({
          totalSteps,
          startStep: firstStep,
          tty: input.tty,
          every: Math.max(1, Math.min(50, train.stepsPerEpoch)),
          write,
        });
        const seconds = (Date.now() - started) / 1000;
        ui.progress.update({
          step,
          epoch,
          loss,
          tilesPerSecond: ((step - firstStep) * batch) / Math.max(seconds, 1e-3),
        });
      },
      note: (line) => (ui.progress ? ui.progress.log(line) : write(line)),
    });
  } catch (error) {
    if (error instanceof TrainingDiverged) throw new UserError(error.message, 1);
    if (isOutOfMemory(error)) {
      const mib = Math.round(checked.summary.trainingActivationBytes / 2 ** 20);
      throw new UserError(
        `the ${backendName} backend ran out of memory training '${input.specPath}' at ` +
          `${network.inputSize.join('×')} (about ${mib} MiB of activations per sample before tfjs's own copies; ` +
          `wasm32 tops out at 4 GiB): train on smaller tiles with --input-size (unetc summary lists the valid sizes), ` +
          `a smaller --batch, or install @tensorflow/tfjs-node`,
        2,
      );
    }
    throw error;
  } finally {
    ui.progress?.stop();
  }

  if (result.outcome === 'interrupted') {
    const why = input.stop.reason ?? 'stop';
    write(
      result.state.step === result.resumedFrom
        ? `stopped (${why}) before the first step; nothing new to save`
        : `stopped at step ${result.state.step} (${why}); checkpoint saved in ${join(outDir, 'checkpoints')} — ` +
            `continue with: unetc train ${shellWord(input.specPath)} --out ${shellWord(outDir)} --resume ` +
            `(run.json keeps this run's settings)`,
    );
    model.dispose();
    return { ...result, modelDir: null };
  }
  const modelDir = join(outDir, 'model');
  const weights = weightsByName(model);
  await writeCompiled(checked, modelDir, {
    seed,
    weights,
    weightsFrom: `${outDir} (step ${result.state.step})`,
  });
  model.dispose();
  await writeRunReport(outDir, write);
  const best = result.state.best;
  write(
    `${result.outcome === 'early_stop' ? 'stopped early' : 'done'} after ${result.state.step} steps` +
      (best
        ? `; best ${best.metric} ${best.value.toFixed(4)} at epoch ${best.epoch}`
        : train.selectBy === 'last'
          ? '; the final weights kept (select_by: last)'
          : '') +
      `; model written to ${modelDir}`,
  );
  return { ...result, modelDir };
}

/** wasm32 aborts with a RuntimeError when its 4 GiB heap is exhausted; other backends throw RangeError. */
function isOutOfMemory(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /memory access out of bounds|Cannot enlarge memory|out of memory|Array buffer allocation failed/i.test(
    message,
  );
}

/** A path as a shell word the user can paste (quoted only when it needs to be). */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

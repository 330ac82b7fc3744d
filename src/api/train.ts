import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { defaultOutputDir } from '../common/default-output-dir.js';
import type { CheckedModel } from '../compiler/ir/checked-model.js';
import type { BackendChoice } from '../runtime/backend/select-backend.js';
import type { TrainOverrides, TrainRunResult } from '../runtime/train/train-run.js';
import { check } from './check.js';
import { SpecError } from './spec-error.js';
import { specFileName, type SpecInput, type SpecOptions } from './spec-input.js';

export interface TrainOptions extends SpecOptions, TrainOverrides {
  /** Run directory (default: runs/<spec name>). */
  readonly outDir?: string;
  /** tfjs backend (default 'auto': tfjs-node when installed, else wasm). */
  readonly backend?: BackendChoice;
  /** Continue the run in `outDir` from its last good checkpoint. */
  readonly resume?: boolean;
  /** Start over in an `outDir` that already holds a run. */
  readonly force?: boolean;
  /** Data worker threads (default: cores − 1, at most 4; 0 reads data on the training thread). */
  readonly workers?: number;
  /** Progress and notes, one line at a time (default: dropped). */
  readonly onLine?: (line: string) => void;
  /** Aborting stops after the current step, saves a checkpoint and resolves with outcome 'interrupted'. */
  readonly signal?: AbortSignal;
}

export type TrainResult = TrainRunResult;

/** The run-length and batch settings given explicitly (they override the spec's). */
export function trainOverrides(options: TrainOverrides): TrainOverrides {
  return {
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options.steps !== undefined ? { steps: options.steps } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.batch !== undefined ? { batch: options.batch } : {}),
  };
}

/** Default data workers: one core stays with the training thread. */
export function defaultWorkers(): number {
  return Math.min(4, Math.max(0, availableParallelism() - 1));
}

/**
 * Trains the network of a spec (file or text) or of a compiled model directory, as its train { }
 * section says, into a run directory (run.json, train.jsonl, checkpoints/, best/, compiled/,
 * model/). Resolves when training ends: done, stopped early, or interrupted through `signal`.
 * Throws `SpecError` for spec errors and `UserError` for bad data, options or output paths.
 */
export async function train(input: SpecInput, options: TrainOptions = {}): Promise<TrainResult> {
  const compiledDir = typeof input === 'string' && (await isDirectory(input)) ? input : null;
  const checked = compiledDir ? await compiledModel(compiledDir) : checkedSpec(input, options);
  const specPath = specFileName(input);
  const [{ runTraining }, { manualStop }, { capWorkers }] = await Promise.all([
    import('../runtime/train/train-run.js'),
    import('../runtime/train/signals.js'),
    import('../runtime/data/prefetch/worker-count.js'),
  ]);
  const write = options.onLine ?? (() => {});
  const stop = manualStop();
  const onAbort = () => stop.request('abort');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  try {
    return await runTraining({
      checked,
      specPath,
      specDir: compiledDir ? await compiledDataRoot(compiledDir) : dirname(resolve(specPath)),
      ...(compiledDir ? { initialWeightsFrom: compiledDir } : {}),
      outDir: options.outDir ?? defaultOutputDir('runs', checked.spec.name, 'run', 'outDir'),
      backend: options.backend ?? 'auto',
      resume: options.resume ?? false,
      force: options.force ?? false,
      overrides: trainOverrides(options),
      workers: capWorkers(options.workers ?? defaultWorkers(), write),
      tty: false,
      stop,
      write,
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function checkedSpec(input: SpecInput, options: SpecOptions): CheckedModel {
  const checked = check(input, options);
  if (!checked.model) throw new SpecError(specFileName(input), checked, 'fix them before training');
  return checked.model;
}

/** The checked model a compiled directory (or a run's compiled/) was built from, from its plan. */
export async function compiledModel(dir: string): Promise<CheckedModel> {
  const { readCompiledDir } = await import('../runtime/model/read-compiled.js');
  const { plan } = await readCompiledDir(dir);
  return { spec: plan.spec, graph: plan.graph, summary: plan.summary };
}

/**
 * Data paths in a compiled directory's plan are as the spec wrote them, relative to the spec file:
 * for `<run>/compiled` that is the spec recorded in `<run>/run.json`; otherwise the current directory.
 */
export async function compiledDataRoot(dir: string): Promise<string> {
  const { readRunMarker } = await import('../runtime/train/run-dir.js');
  const marker = await readRunMarker(dirname(resolve(dir)));
  return marker ? dirname(resolve(marker.spec)) : process.cwd();
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

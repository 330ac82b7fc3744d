import type { OutputFile } from '../common/atomic-write.js';
import { UserError } from '../common/user-error.js';
import type { LayersMode } from '../compiler/emit/keras-layers-mode/keras-mode.js';
import type { CheckedModel } from '../compiler/ir/checked-model.js';
import { loadTarget, type TargetName } from '../compiler/emit/targets/index.js';
import { check } from './check.js';
import { SpecError } from './spec-error.js';
import { specFileName, type SpecInput, type SpecOptions } from './spec-input.js';

export interface EmitModelOptions {
  /** Compile target (default 'tfjs': model.json + weights + plan.json). */
  readonly target?: TargetName;
  /** Seed of the weight initialisation (default: the spec's train seed, else 1). */
  readonly seed?: number;
  /** U-Net++ L^k: emit only the sub-network the head on X0_k needs. */
  readonly prune?: number;
  /**
   * Start from trained weights: a training run or compiled model directory, or a PyTorch state dict
   * (`.safetensors`, as the pytorch target writes it).
   */
  readonly weightsFrom?: string;
  /** tfjs target: layer class names — tfjs (default), standard Keras, or Keras only (else an error). */
  readonly layers?: LayersMode;
  /**
   * Write the files here. A new directory appears whole; in an existing one only unetc's own files
   * are replaced, each atomically. Without it nothing is written.
   */
  readonly outDir?: string;
  /** Write into a non-empty directory unetc did not write (its other files are kept). */
  readonly force?: boolean;
}

export interface CompileOptions extends SpecOptions, EmitModelOptions {}

export interface CompileOutput {
  /** The checked network (pruned when `prune` was given). */
  readonly model: CheckedModel;
  readonly files: readonly OutputFile[];
  /** One-line notes for the user (e.g. custom layers a loader must register). */
  readonly notes: readonly string[];
  /** Where the files were written, when `outDir` was given. */
  readonly outDir?: string;
}

/**
 * Checks a spec and emits it for a target: the files in memory, and on disk when `outDir` is
 * given. Throws `SpecError` (with the diagnostics) when the spec has errors and `UserError` for
 * unusable options (a pruning level the network lacks, weights that do not fit).
 */
export async function compile(input: SpecInput, options: CompileOptions = {}): Promise<CompileOutput> {
  const checked = check(input, options);
  if (!checked.model) throw new SpecError(specFileName(input), checked, 'nothing written');
  return emitModel(checked.model, options, specFileName(input));
}

/** `compile` after the check: emit an already checked model (`file` names it in messages). */
export async function emitModel(
  full: CheckedModel,
  options: EmitModelOptions,
  file: string,
): Promise<CompileOutput> {
  const model = options.prune === undefined ? full : await pruned(full, options.prune);
  const weights =
    options.weightsFrom === undefined ? undefined : await readWeights(options.weightsFrom, full);
  if (options.layers === 'keras-strict') await assertKerasOnly(model, file);
  const target = await loadTarget(options.target ?? 'tfjs');
  let emitted;
  try {
    emitted = await target.emit(full, {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.prune !== undefined ? { prune: options.prune } : {}),
      ...(weights ? { weights, weightsFrom: options.weightsFrom } : {}),
      ...(options.layers && options.layers !== 'tfjs' ? { layers: options.layers } : {}),
    });
  } catch (error) {
    // Weights that do not fit the spec are the user's to fix; anything else is ours.
    if (weights && error instanceof Error && /variable '/.test(error.message))
      throw new UserError(error.message);
    throw error;
  }
  if (options.outDir === undefined) return { model, files: emitted.files, notes: emitted.notes };
  await writeOutput(options.outDir, emitted.files, options.force ?? false);
  return { model, files: emitted.files, notes: emitted.notes, outDir: options.outDir };
}

async function pruned(model: CheckedModel, level: number): Promise<CheckedModel> {
  const { prunedModel } = await import('../compiler/emit/prune-model.js');
  try {
    return prunedModel(model, level);
  } catch (error) {
    throw new UserError(`--prune L${level}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readWeights(from: string, model: CheckedModel): Promise<Map<string, Float32Array>> {
  try {
    if (from.endsWith('.safetensors')) {
      const { readTorchWeights } = await import('../compiler/emit/pytorch/read-torch-weights.js');
      return await readTorchWeights(from, model);
    }
    const { readModelDirWeights } = await import('../compiler/emit/weights-file.js');
    return await readModelDirWeights(from);
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}

/** `--layers keras-strict`: every layer a standard Keras class, else an error listing each one and why. */
async function assertKerasOnly(model: CheckedModel, file: string): Promise<void> {
  const { strictKerasProblems } = await import('../compiler/emit/keras-layers-mode/strict.js');
  const problems = strictKerasProblems(model);
  if (problems.length === 0) return;
  throw new UserError(
    `--layers keras-strict: '${file}' needs custom layers; nothing written\n${problems.map((p) => `  ${p}`).join('\n')}`,
    1,
  );
}

async function writeOutput(outDir: string, files: readonly OutputFile[], force: boolean): Promise<void> {
  const { OutputPathError } = await import('../common/atomic-write.js');
  const { writeOutputDir } = await import('../common/output-dir.js');
  try {
    await writeOutputDir(outDir, files, { force });
  } catch (error) {
    if (error instanceof OutputPathError) throw new UserError(error.message);
    throw error;
  }
}

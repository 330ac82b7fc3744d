import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeError } from '../../common/io-error.js';
import { UserError } from '../../common/user-error.js';
import { checksumProblem, writeChecksums } from './checkpoint-checksums.js';
import type { OptimizerState } from './optimizers.js';
import { readBundle, writeBundle, type NamedArray } from './tensor-bundle.js';
import type { TrainProgressState } from './train-state.js';

/**
 * A checkpoint is a directory `checkpoints/step-00000100/` holding
 *   weights.{json,bin}    every model weight (trainable and batch-norm statistics),
 *   optimizer.{json,bin}  the optimizer slots (momentum / Adam moments),
 *   state.json            step, epoch, seed, RNG and data cursor, metrics history, best model,
 *                         early-stopping counter, optimizer kind and update count,
 *   checksums.json        size and sha256 of each file above, written last.
 * It is written into a hidden temporary sibling and renamed into place, so a run killed while
 * saving leaves either the previous checkpoints or the complete new one, never a partial one; a
 * failed save (full disk) removes its temporary and reports the checkpoint's path.
 */
export interface CheckpointContents {
  readonly state: TrainProgressState;
  readonly weights: readonly NamedArray[];
  readonly optimizer: OptimizerState;
}

interface StateFile {
  readonly format: 'unetc-checkpoint';
  readonly version: 1;
  readonly state: TrainProgressState;
  readonly optimizer: { readonly kind: OptimizerState['kind']; readonly updates: number };
}

const PREFIX = 'step-';

export function checkpointName(step: number): string {
  return `${PREFIX}${String(step).padStart(8, '0')}`;
}

/** Saves a checkpoint and deletes all but the newest `keep`; returns its directory. */
export async function saveCheckpoint(
  root: string,
  contents: CheckpointContents,
  keep: number,
): Promise<string> {
  const name = checkpointName(contents.state.step);
  const final = join(root, name);
  const temp = join(root, `.${name}.tmp-${process.pid}`);
  const old = join(root, `.${name}.old-${process.pid}`);
  try {
    await mkdir(root, { recursive: true });
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp);
    await writeBundle(temp, 'weights', contents.weights);
    await writeBundle(temp, 'optimizer', contents.optimizer.slots);
    const file: StateFile = {
      format: 'unetc-checkpoint',
      version: 1,
      state: contents.state,
      optimizer: { kind: contents.optimizer.kind, updates: contents.optimizer.updates },
    };
    await writeFile(join(temp, 'state.json'), `${JSON.stringify(file, null, 1)}\n`);
    await writeChecksums(temp);
    // Replacing a checkpoint of the same step (a resume that re-saves it): move the old one aside first.
    const hadOld = (await listCheckpoints(root)).includes(name);
    if (hadOld) await rename(final, old);
    await rename(temp, final);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw writeError(final, error);
  }
  await pruneCheckpoints(root, keep);
  return final;
}

/** Checkpoint directory names, oldest first. */
export async function listCheckpoints(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  return names.filter((n) => /^step-\d{8}$/.test(n)).sort();
}

export async function latestCheckpoint(root: string): Promise<string | null> {
  const all = await listCheckpoints(root);
  return all.length === 0 ? null : join(root, all[all.length - 1]!);
}

async function pruneCheckpoints(root: string, keep: number): Promise<void> {
  const all = await listCheckpoints(root);
  for (const name of all.slice(0, Math.max(0, all.length - Math.max(1, keep)))) {
    await rm(join(root, name), { recursive: true, force: true });
  }
  // Leftovers of saves that a kill interrupted (this process's own are already renamed).
  for (const name of await readdir(root)) {
    if (/^\.step-\d{8}\.(tmp|old)-\d+$/.test(name))
      await rm(join(root, name), { recursive: true, force: true });
  }
}

export async function loadCheckpoint(dir: string): Promise<CheckpointContents> {
  const file = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as StateFile;
  if (file.format !== 'unetc-checkpoint' || file.version !== 1) {
    throw new Error(
      `${dir} is not a unetc checkpoint (format ${String(file.format)} v${String(file.version)})`,
    );
  }
  const weights = await readBundle(dir, 'weights');
  const slots = await readBundle(dir, 'optimizer');
  return { state: file.state, weights, optimizer: { ...file.optimizer, slots } };
}

/** Writes the current weights as `<runDir>/best/weights.{json,bin}`, replacing the previous best only when complete. */
export async function saveBestWeights(runDir: string, weights: readonly NamedArray[]): Promise<void> {
  const final = join(runDir, 'best');
  const temp = join(runDir, `.best.tmp-${process.pid}`);
  const old = join(runDir, `.best.old-${process.pid}`);
  try {
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    await writeBundle(temp, 'weights', weights);
    // Also what a killed process left behind (its PID is in the name).
    for (const name of await readdir(runDir)) {
      if (/^\.best\.(tmp|old)-\d+$/.test(name) && join(runDir, name) !== temp)
        await rm(join(runDir, name), { recursive: true, force: true });
    }
    const hadBest = await rename(final, old).then(
      () => true,
      () => false,
    );
    try {
      await rename(temp, final);
    } catch (error) {
      if (hadBest) await rename(old, final).catch(() => undefined);
      throw error;
    }
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw writeError(final, error);
  }
}

/** A checkpoint to resume from: the newest intact one. */
export interface FoundCheckpoint {
  readonly dir: string;
  readonly contents: CheckpointContents;
}

/**
 * The newest checkpoint whose checksums match and which loads; each damaged newer one is named
 * through `note`. Null when there is none at all; a UserError when every one is damaged.
 */
export async function newestGoodCheckpoint(
  root: string,
  note: (line: string) => void,
): Promise<FoundCheckpoint | null> {
  const names = (await listCheckpoints(root)).reverse();
  const damaged: string[] = [];
  for (const name of names) {
    const dir = join(root, name);
    let problem = await checksumProblem(dir);
    if (problem === null) {
      try {
        const contents = await loadCheckpoint(dir);
        if (damaged.length > 0) note(`resuming from ${name}, the newest intact checkpoint`);
        return { dir, contents };
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
    }
    damaged.push(name);
    note(`checkpoint ${dir} is damaged (${problem}); trying the one before it`);
  }
  if (damaged.length === 0) return null;
  throw new UserError(
    `no intact checkpoint in ${root} (${damaged.map((n) => basename(n)).join(', ')} damaged); ` +
      'start the run over with --force',
  );
}

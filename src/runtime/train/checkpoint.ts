import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OptimizerState } from './optimizers.js';
import { readBundle, writeBundle, type NamedArray } from './tensor-bundle.js';
import type { TrainProgressState } from './train-state.js';

/**
 * A checkpoint is a directory `checkpoints/step-00000100/` holding
 *   weights.{json,bin}    every model weight (trainable and batch-norm statistics),
 *   optimizer.{json,bin}  the optimizer slots (momentum / Adam moments),
 *   state.json            step, epoch, seed, RNG and data cursor, metrics history, best model,
 *                         early-stopping counter, optimizer kind and update count.
 * It is written into a hidden temporary sibling and renamed into place, so a run killed while
 * saving leaves either the previous checkpoints or the complete new one, never a partial one.
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
  await mkdir(root, { recursive: true });
  const name = checkpointName(contents.state.step);
  const final = join(root, name);
  const temp = join(root, `.${name}.tmp-${process.pid}`);
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
  // Replacing a checkpoint of the same step (a resume that re-saves it): move the old one aside first.
  const old = join(root, `.${name}.old-${process.pid}`);
  const hadOld = (await listCheckpoints(root)).includes(name);
  if (hadOld) await rename(final, old);
  await rename(temp, final);
  if (hadOld) await rm(old, { recursive: true, force: true });
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

import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { writeDirAtomic, writeFileAtomicAsync } from '../../common/atomic-write.js';
import { withTrainingFiles } from '../../compiler/emit/pytorch/train-py.js';
import { decodeSafetensors } from '../../compiler/emit/pytorch/safetensors.js';
import { torchTensorsToTfjs } from '../../compiler/emit/pytorch/torch-weights.js';
import { loadTarget } from '../../compiler/emit/targets/index.js';
import { writeCompiled } from '../../compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import type { SamplePair, SourceSets } from '../data/pair-sources.js';

/** What a PyTorch run keeps in its run directory besides the layout tfjs runs share. */
export const PytorchRunFiles = {
  /** The compiled PyTorch package (model.py, train.py, plan.json, …). */
  package: 'compiled',
  sources: 'sources.json',
  /** The selected weights train.py writes at the end. */
  weights: 'weights.safetensors',
  settings: 'settings.json',
  torchrunLogs: 'torchrun-logs',
} as const;

/** Names a fresh start in an old run directory removes (unetc's own names only). */
export const STALE_OUTPUTS = [
  'checkpoints',
  'best',
  'train.jsonl',
  'model',
  PytorchRunFiles.package,
  PytorchRunFiles.weights,
  PytorchRunFiles.settings,
  PytorchRunFiles.sources,
  PytorchRunFiles.torchrunLogs,
];

export function hasTorchCheckpoint(outDir: string): boolean {
  const dir = join(outDir, 'checkpoints');
  return existsSync(dir) && readdirSync(dir).some((f) => /^step-\d+\.pt$/.test(f));
}

/** Whether `<out>/checkpoints` holds checkpoints of a tfjs run (a PyTorch resume cannot use them). */
export function hasTfjsCheckpoints(outDir: string): boolean {
  const dir = join(outDir, 'checkpoints');
  return existsSync(dir) && readdirSync(dir).some((f) => !f.endsWith('.pt') && !f.includes('.tmp'));
}

export async function removeStaleOutputs(outDir: string): Promise<void> {
  for (const name of STALE_OUTPUTS) await rm(join(outDir, name), { recursive: true, force: true });
}

/** Compiles the PyTorch package (trainer included) into `<out>/compiled`. */
export async function writePackage(
  checked: CheckedModel,
  outDir: string,
  options: { seed: number; weights?: ReadonlyMap<string, Float32Array>; weightsFrom?: string },
): Promise<string> {
  const target = await loadTarget('pytorch');
  const { files } = await target.emit(checked, options);
  const dir = join(outDir, PytorchRunFiles.package);
  await writeDirAtomic(dir, withTrainingFiles(checked, files, { seed: options.seed }));
  return dir;
}

/**
 * sources.json: the training and validation pairs unetc resolved (globs, pairing, the seeded
 * validation split), so the Python side trains on exactly the samples a tfjs run would.
 * Paths are relative to the run directory.
 */
export async function writeSources(outDir: string, sources: SourceSets): Promise<string> {
  const entry = (p: SamplePair) => ({
    id: p.id,
    image: relative(outDir, p.image.path),
    mask: p.mask === null ? null : relative(outDir, p.mask.path),
    page: p.image.page,
  });
  const path = join(outDir, PytorchRunFiles.sources);
  await mkdir(outDir, { recursive: true });
  const content = { train: sources.train.map(entry), validation: sources.validation.map(entry) };
  await writeFileAtomicAsync(path, `${JSON.stringify(content, null, 1)}\n`);
  return path;
}

/**
 * Converts the weights train.py selected to `<out>/model` (model.json + weights + plan.json), the
 * layout `unetc predict`, `eval` and `report` read, through the exact torch → tfjs layout.
 */
export async function writeTfjsModel(
  checked: CheckedModel,
  outDir: string,
  seed: number,
  step: number,
): Promise<string> {
  const file = join(outDir, PytorchRunFiles.weights);
  const tensors = decodeSafetensors(await readFile(file), file);
  const weights = torchTensorsToTfjs(checked, tensors, file);
  const modelDir = join(outDir, 'model');
  await writeCompiled(checked, modelDir, {
    seed,
    weights,
    weightsFrom: `${outDir} (PyTorch, step ${step})`,
  });
  return modelDir;
}

import type { OutputFile } from '../../../common/atomic-write.js';
import type { CheckedModel } from '../../ir/checked-model.js';
import { CompiledFiles, compiledFiles, type WriteCompiledOptions } from '../write-compiled.js';
import { augmentPy } from './data-py-augment-source.js';
import { dataPy } from './data-py-source.js';
import { packageReadme } from './package-readme.js';
import { lossesPy } from './train-py-losses-source.js';
import { metricsPy } from './train-py-metrics-source.js';
import { runStatePy } from './train-py-run-state-source.js';
import { trainPy } from './train-py-source.js';

/** The Python files of the training half of a PyTorch package, by file name. */
export const trainingSources: Readonly<Record<string, string>> = {
  'train.py': trainPy,
  'data.py': dataPy,
  'augment.py': augmentPy,
  'losses.py': lossesPy,
  'metrics.py': metricsPy,
  'run_state.py': runStatePy,
};

/**
 * The files a PyTorch package needs to train itself, added to the target's own (model.py,
 * weights.py, …): the static trainer sources, README.md with the exact commands, and plan.json —
 * the same training plan the tfjs target writes, which train.py reads at run time — unless the
 * target already wrote it. The trainer is not generated per spec: everything spec-specific is in
 * plan.json, so one reviewed trainer serves every spec.
 */
export function pytorchTrainingFiles(
  model: CheckedModel,
  existing: readonly OutputFile[],
  options: WriteCompiledOptions = {},
): OutputFile[] {
  const have = new Set(existing.map((f) => f.name));
  const files: OutputFile[] = Object.entries(trainingSources)
    .filter(([name]) => !have.has(name))
    .map(([name, content]) => ({ name, content }));
  if (!have.has('README.md')) files.push({ name: 'README.md', content: packageReadme(model) });
  if (!have.has(CompiledFiles.plan)) {
    const { plan } = compiledFiles(model, options);
    files.push({ name: CompiledFiles.plan, content: `${JSON.stringify(plan, null, 1)}\n` });
  }
  return files;
}

/** A target's files plus the training files it lacks. */
export function withTrainingFiles(
  model: CheckedModel,
  files: readonly OutputFile[],
  options: WriteCompiledOptions = {},
): OutputFile[] {
  return [...files, ...pytorchTrainingFiles(model, files, options)];
}

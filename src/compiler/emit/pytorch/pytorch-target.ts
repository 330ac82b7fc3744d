import type { OutputFile } from '../../../common/atomic-write.js';
import type { CheckedModel } from '../../ir/checked-model.js';
import { GraphIndex } from '../graph-index.js';
import { modelWeights } from '../layer-weights.js';
import { prunedModel } from '../prune-model.js';
import type { CompileTarget, EmitOptions } from '../targets/target.js';
import { CompiledFiles, compiledFiles, GENERATOR } from '../write-compiled.js';
import { modelPy } from './model-py.js';
import { encodeSafetensors } from './safetensors.js';
import { tfjsToTorchTensors } from './torch-weights.js';
import { WEIGHTS_PY } from './weights-py.js';
import { withTrainingFiles } from './train-py.js';

/** The files of a compiled PyTorch package. */
export const PytorchFiles = {
  model: 'model.py',
  weightsPy: 'weights.py',
  weights: 'weights.safetensors',
} as const;

/** The tfjs weight file's float32 values split by variable, in the model's weight order. */
export function splitWeights(model: CheckedModel, bytes: Buffer): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const decl of modelWeights(new GraphIndex(model.graph))) {
    const count = decl.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = bytes.readFloatLE(offset + i * 4);
    out.set(decl.name, values);
    offset += count * 4;
  }
  return out;
}

/**
 * The model half of the package: model.py, weights.py, weights.safetensors (the same initial or
 * given weights the tfjs target writes, converted exactly), plus plan.json and summary.txt.
 */
export function pytorchModelFiles(full: CheckedModel, options: EmitOptions): OutputFile[] {
  const model = options.prune === undefined ? full : prunedModel(full, options.prune);
  const { plan, weights, summary } = compiledFiles(full, options);
  const tensors = tfjsToTorchTensors(model, splitWeights(model, weights));
  const metadata = { format: 'pt', generator: GENERATOR, spec: model.spec.name };
  return [
    { name: PytorchFiles.model, content: modelPy(model, GENERATOR) },
    { name: PytorchFiles.weightsPy, content: WEIGHTS_PY },
    { name: PytorchFiles.weights, content: encodeSafetensors(tensors, metadata) },
    { name: CompiledFiles.plan, content: `${JSON.stringify(plan, null, 1)}\n` },
    { name: CompiledFiles.summary, content: summary },
  ];
}

/** A self-contained PyTorch package of the checked IR. */
export const pytorchTarget: CompileTarget = {
  name: 'pytorch',
  description: 'PyTorch package: model.py (nn.Module), weights.py + weights.safetensors, plan.json',
  emit(model, options) {
    return Promise.resolve({
      files: withTrainingFiles(model, pytorchModelFiles(model, options), options),
      notes: ['load it with: from model import UNet; from weights import load_weights'],
    });
  },
};

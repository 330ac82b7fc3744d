import type { CheckedModel } from '../../ir/checked-model.js';
import { GraphIndex } from '../graph-index.js';
import { modelWeights } from '../layer-weights.js';
import { prunedModel } from '../prune-model.js';
import type { CompileTarget, EmitOptions } from '../targets/target.js';
import { DEFAULT_INIT_SEED, initialWeights } from '../weights-init.js';
import { GENERATOR } from '../write-compiled.js';
import { onnxGraphProblems } from './check-onnx-graph.js';
import { ONNX_OPSET, onnxModel } from './onnx-model.js';

export const ONNX_FILE = 'model.onnx';

/**
 * Every variable of `model` by tfjs name: the given weights (each present with its size, or a
 * one-line error naming it), else freshly initialised as the tfjs target would.
 */
export function weightsFor(model: CheckedModel, options: EmitOptions): Map<string, Float32Array> {
  const decls = modelWeights(new GraphIndex(model.graph));
  const given = options.weights;
  if (!given) {
    const seed = options.seed ?? model.spec.train?.seed ?? DEFAULT_INIT_SEED;
    const values = initialWeights(decls, model.spec.network.init, seed);
    return new Map(decls.map((d, i) => [d.name, values[i]!]));
  }
  const from = options.weightsFrom ?? 'the given model';
  return new Map(
    decls.map((decl) => {
      const values = given.get(decl.name);
      const size = decl.shape.reduce((a, b) => a * b, 1);
      if (!values) throw new Error(`weights from ${from} have no variable '${decl.name}'`);
      if (values.length !== size)
        throw new Error(
          `variable '${decl.name}' has ${values.length} values in ${from}, this model needs ${size}`,
        );
      return [decl.name, values];
    }),
  );
}

/** The checked model (pruned if asked) as ONNX bytes. */
export function emitOnnx(full: CheckedModel, options: EmitOptions): Uint8Array {
  const model = options.prune === undefined ? full : prunedModel(full, options.prune);
  const bytes = onnxModel(model, { weights: weightsFor(model, options), generator: GENERATOR });
  // An emitter bug must not reach a deployer as a file that fails to load.
  const problems = onnxGraphProblems(bytes);
  if (problems.length > 0)
    throw new Error(`internal: the ONNX graph is unsound: ${problems.slice(0, 3).join('; ')}`);
  return bytes;
}

export const onnxTarget: CompileTarget = {
  name: 'onnx',
  description: `ONNX model (model.onnx, opset ${ONNX_OPSET}, channels-last input and outputs)`,
  emit(model, options) {
    return Promise.resolve({
      files: [{ name: ONNX_FILE, content: emitOnnx(model, options) }],
      notes: [
        `model.onnx: opset ${ONNX_OPSET}, input '${model.graph.input}' [N, ${model.graph.dims === 2 ? 'H, W' : 'D, H, W'}, C] ` +
          `(channels-last; transposed inside), outputs ${model.graph.outputs.map((o) => `'${o.name}'`).join(', ')}`,
      ],
    });
  },
};

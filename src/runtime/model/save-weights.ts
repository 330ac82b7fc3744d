import type * as tf from '@tensorflow/tfjs';
import { writeDirAtomic } from '../../common/atomic-write.js';
import { layersModelJson, weightSpecs } from '../../compiler/emit/keras-topology.js';
import { summaryText } from '../../compiler/emit/summary-table.js';
import type { Plan } from '../../compiler/emit/training-plan.js';
import { encodeWeights } from '../../compiler/emit/weights-file.js';
import { CompiledFiles } from '../../compiler/emit/write-compiled.js';

/**
 * The model's current weights in the compiled layout's order (model.json's manifest), by variable
 * name. Throws an internal error if the model lacks a variable of the plan or its size differs.
 */
export async function weightsInManifestOrder(model: tf.LayersModel, plan: Plan): Promise<Float32Array[]> {
  const byName = new Map(model.weights.map((w) => [w.originalName, w]));
  return Promise.all(
    weightSpecs(plan.graph).map(async (spec) => {
      const variable = byName.get(spec.name);
      if (!variable) throw new Error(`internal error: the model has no variable '${spec.name}' of its plan`);
      const values = (await variable.read().data()) as Float32Array;
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (values.length !== size) {
        throw new Error(
          `internal error: variable '${spec.name}' has ${values.length} values, the plan ${size}`,
        );
      }
      return values;
    }),
  );
}

/**
 * Saves a (trained) model back as a compiled directory — model.json, weights, plan.json,
 * summary.txt — atomically (temp sibling, then swap), so a checkpoint is never half-written.
 * model.json is re-emitted from the plan, so checkpoints stay byte-identical in topology to what
 * `unetc compile` wrote and load with `loadCompiled` or plain tfjs alike.
 */
export async function saveCompiled(
  model: tf.LayersModel,
  plan: Plan,
  outDir: string,
): Promise<{ files: string[] }> {
  const weights = encodeWeights(await weightsInManifestOrder(model, plan));
  const modelJson = layersModelJson(plan.graph, plan.spec.name, plan.spec.network.init);
  const files = await writeDirAtomic(outDir, [
    { name: CompiledFiles.model, content: `${JSON.stringify(modelJson)}\n` },
    { name: CompiledFiles.weights, content: weights },
    { name: CompiledFiles.plan, content: `${JSON.stringify(plan, null, 1)}\n` },
    { name: CompiledFiles.summary, content: summaryText(plan) },
  ]);
  return { files };
}

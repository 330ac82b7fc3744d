import * as tf from '@tensorflow/tfjs';
import type { Plan } from '../../compiler/emit/training-plan.js';
import { tfjsLoadableTopology } from '../../compiler/emit/keras-layers-mode/tfjs-loadable.js';
import { registerGradientFixes } from '../backend/gradients.js';
import { registeredUnetcLayers } from '../layers/index.js';
import { assertShapesMatchGraph } from './assert-shapes.js';
import { readCompiledDir } from './read-compiled.js';

/** Every layer's output shape equals the plan's IR shape, and the parameter count the checker's. */
export function assertShapesMatchPlan(model: tf.LayersModel, plan: Plan): void {
  assertShapesMatchGraph(model, plan.graph, plan.summary.params);
}

/**
 * Loads a compiled directory (model.json + weights + plan.json) into a tf.LayersModel with plain
 * @tensorflow/tfjs — through `tf.io.fromMemory`, so no tfjs-node and no file:// handler is needed —
 * then asserts it matches the plan. unetc's custom layers are registered by importing them, and
 * tfjs' missing/buggy gradients (3D transposed conv, cpu resize) are fixed, so the model trains.
 */
export async function loadCompiled(dir: string): Promise<{ model: tf.LayersModel; plan: Plan }> {
  registeredUnetcLayers();
  registerGradientFixes();
  const compiled = await readCompiledDir(dir);
  const { modelTopology, weightsManifest } = compiled.modelJson;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      // A `--layers keras` model names standard Keras classes; tfjs runs some of them as unetc's.
      modelTopology: tfjsLoadableTopology(modelTopology) as unknown as tf.io.ModelJSON['modelTopology'],
      weightSpecs: weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
      weightData: compiled.weightData,
    }),
  );
  assertShapesMatchPlan(model, compiled.plan);
  return { model, plan: compiled.plan };
}

import * as tf from '@tensorflow/tfjs';
import type { NamedArray } from './tensor-bundle.js';

/**
 * Every weight of the model (trainable and not: batch-norm moving statistics are state too),
 * keyed by the layer-scoped name ("enc0_conv1/kernel") that stays the same across processes.
 */
export function readModelWeights(model: tf.LayersModel): NamedArray[] {
  return model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape.map((d) => d ?? 0), // weight shapes are always fully known
    values: Float32Array.from(w.read().dataSync() as Float32Array),
  }));
}

/** Sets the model's weights from a checkpoint; names and shapes must match exactly. */
export function writeModelWeights(model: tf.LayersModel, arrays: readonly NamedArray[]): void {
  const byName = new Map(arrays.map((a) => [a.name, a]));
  if (arrays.length !== model.weights.length) {
    throw new Error(`checkpoint has ${arrays.length} weights, the model ${model.weights.length}`);
  }
  const tensors = model.weights.map((w) => {
    const a = byName.get(w.originalName);
    if (!a || a.shape.join('x') !== w.shape.join('x')) {
      throw new Error(`checkpoint weight ${w.originalName} is missing or has another shape`);
    }
    return tf.tensor(a.values, [...a.shape], 'float32');
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** The trainable variables in the model's order, with their stable keys. */
export function trainableVariables(model: tf.LayersModel): { variables: tf.Variable[]; keys: string[] } {
  const trainable = model.trainableWeights;
  return {
    variables: trainable.map((w) => w.read() as tf.Variable),
    keys: trainable.map((w) => w.originalName),
  };
}

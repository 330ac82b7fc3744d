import * as tf from '@tensorflow/tfjs';
import { disposeTensors, toTensors, type HostBatch } from './host-batch.js';
import type { PixelTarget } from './losses/pixel-loss.js';
import type { TrainOptimizer } from './optimizers.js';

export type ModelLoss = (logits: readonly tf.Tensor[], target: PixelTarget) => tf.Scalar;

/** Runs the (logits) model in training mode (dropout on, batch-norm statistics updated). */
export function forwardLogits(model: tf.LayersModel, x: tf.Tensor, training: boolean): tf.Tensor[] {
  const out = model.apply(x, { training }) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

/**
 * One optimisation step: forward, loss, gradients of every trainable variable, update. Every
 * tensor it creates is disposed; returns the loss (host number, read after the update).
 */
export async function trainStep(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  loss: ModelLoss,
  optimizer: TrainOptimizer,
  batch: HostBatch,
  lr: number,
): Promise<number> {
  const tensors = toTensors(batch);
  try {
    const value = tf.tidy(() => {
      const { value: lossValue, grads } = tf.variableGrads(
        () => loss(forwardLogits(model, tensors.x, true), tensors.target),
        [...variables],
      );
      optimizer.apply(grads, lr);
      return lossValue;
    });
    const host = (await value.data())[0]!;
    value.dispose();
    return host;
  } finally {
    disposeTensors(tensors);
  }
}

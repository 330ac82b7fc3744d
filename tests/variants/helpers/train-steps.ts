import * as tf from '@tensorflow/tfjs';
import type { Plan } from '../../../src/compiler/emit/training-plan.js';
import type { HostBatch } from '../../../src/runtime/train/host-batch.js';
import { trainingModel } from '../../../src/runtime/train/logits-model.js';
import { deepSupervisionLoss } from '../../../src/runtime/train/losses/deep-supervision.js';
import { makeLoss } from '../../../src/runtime/train/losses/make-loss.js';
import { trainableVariables } from '../../../src/runtime/train/model-weights.js';
import { TrainOptimizer } from '../../../src/runtime/train/optimizers.js';
import { trainStep } from '../../../src/runtime/train/train-step.js';
import { seedDropoutLayers } from '../../../src/runtime/train/dropout-seeds.js';

export interface StepsResult {
  /** The loss of each step (before its update). */
  readonly losses: number[];
  /** Trainable weights whose values did not change over the steps. */
  readonly unchanged: string[];
  readonly trainable: number;
}

/**
 * What `unetc train` does per step, without the data pipeline: the plan's heads and loss weights,
 * the spec's loss and optimizer (its base learning rate), the trainer's `trainStep` on `batch`,
 * `steps` times. The trained weights end up in `model`.
 */
export async function trainFewSteps(
  model: tf.LayersModel,
  plan: Plan,
  batch: HostBatch,
  steps: number,
): Promise<StepsResult> {
  const train = plan.spec.train;
  if (!train) throw new Error(`${plan.spec.name} has no train section`);
  const training = await trainingModel(model);
  const { variables, keys } = trainableVariables(training.model);
  const optimizer = new TrainOptimizer(train.optimizer, variables, keys);
  const heads = plan.training.outputs.map((o) => ({ name: o.name, weight: o.lossWeight }));
  const loss = deepSupervisionLoss(
    training.heads.map((kind) => makeLoss(train.loss, kind)),
    heads,
    plan.training.supervision?.resolution ?? 'native',
  );
  const before = variables.map((v) => v.dataSync().slice());
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    // The same dropout masks every step: on one repeated batch the objective is then fixed, so
    // "the loss falls" tests the optimisation, not the luck of the masks.
    seedDropoutLayers(training.model, 1, 0);
    losses.push(await trainStep(training.model, variables, loss, optimizer, batch, train.optimizer.lr));
  }
  const unchanged = keys.filter((_, i) => tf.util.arraysEqual(variables[i]!.dataSync(), before[i]!));
  optimizer.dispose();
  training.copyWeightsTo(model);
  return { losses, unchanged, trainable: variables.length };
}

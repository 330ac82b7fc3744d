import * as tf from '@tensorflow/tfjs';
import { evaluateImage, summarise, type ImageEvaluation } from '../eval/index.js';
import { turnEventLoop } from './event-loop-turn.js';
import { disposeTensors, toTensors, type HostBatch } from './host-batch.js';
import type { HeadKind } from './losses/pixel-loss.js';
import { forwardLogits, type ModelLoss } from './train-step.js';

export interface ValidationOptions {
  readonly classes: number;
  /** Classes whose connected components are the objects for the Rand / VI scores. */
  readonly foreground: readonly number[];
  /** The main head's kind (outputs[0]), which decides how logits become a class map. */
  readonly head: HeadKind;
}

/** Class map from the main head's logits: argmax (softmax), or z > 0 for a one-channel sigmoid. */
function predictedClasses(logits: tf.Tensor, head: HeadKind): tf.Tensor {
  const channels = logits.shape[logits.shape.length - 1] ?? 1;
  if (head === 'sigmoid' && channels === 1) return tf.cast(tf.greater(tf.squeeze(logits, [-1]), 0), 'int32');
  return tf.argMax(logits, -1);
}

/** Metrics a spec's `select_by` may name, and which way is better. */
export const metricDirection: Readonly<Record<string, 'min' | 'max'>> = {
  val_loss: 'min',
  pixel_error: 'min',
  rand_error: 'min',
  info_error: 'min',
  vi: 'min',
  dice: 'max',
  iou: 'max',
};

/**
 * Scores the model on the validation batches without dropout: the training loss (deep
 * supervision included) averaged over batches, and on the main head the pooled pixel error,
 * mean Dice / IoU over classes, and the per-tile means of the foreground Rand error, information
 * error and variation of information (src/runtime/eval).
 * A long validation pass must not hold a Ctrl-C until it ends: between batches the event loop
 * gets a turn and a requested stop ends the pass — null then (partial scores would mislead).
 */
export async function validate(
  model: tf.LayersModel,
  loss: ModelLoss,
  batches: readonly HostBatch[],
  options: ValidationOptions,
  /** Sees every batch's predicted class map (flat, labels' layout), e.g. to keep samples for the report. */
  onPrediction?: (batch: HostBatch, predicted: ArrayLike<number>) => void,
  stop?: { readonly requested: boolean },
): Promise<Record<string, number | null> | null> {
  let lossSum = 0;
  const images: ImageEvaluation[] = [];
  for (const [b, batch] of batches.entries()) {
    if (stop) {
      await turnEventLoop();
      if (stop.requested) return null;
    }
    const tensors = toTensors(batch);
    try {
      const [lossTensor, classes] = tf.tidy(() => {
        const logits = forwardLogits(model, tensors.x, false);
        return [loss(logits, tensors.target), predictedClasses(logits[0]!, options.head)] as const;
      });
      lossSum += (await lossTensor.data())[0]!;
      const predicted = await classes.data();
      tf.dispose([lossTensor, classes]);
      onPrediction?.(batch, predicted);
      const [n, ...spatial] = batch.labelShape;
      const size = spatial.reduce((a, c) => a * c, 1);
      for (let i = 0; i < n!; i++) {
        const truth = { shape: spatial, data: batch.labels.subarray(i * size, (i + 1) * size) };
        const pred = { shape: spatial, data: predicted.subarray(i * size, (i + 1) * size) };
        images.push(evaluateImage(`val-${b}-${i}`, truth, pred, options));
      }
    } finally {
      disposeTensors(tensors);
    }
  }
  const totals = summarise(images, options.classes);
  return {
    val_loss: batches.length > 0 ? lossSum / batches.length : null,
    pixel_error: totals.pixelError,
    dice: totals.meanDice,
    iou: totals.meanIoU,
    rand_error: totals.randError,
    info_error: totals.infoError,
    vi: totals.variationOfInformation,
  };
}

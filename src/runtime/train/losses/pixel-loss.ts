import * as tf from '@tensorflow/tfjs';

/**
 * The contract every segmentation loss shares. Losses take LOGITS (the head before its softmax or
 * sigmoid) so they can use log-softmax / log-sigmoid, which stay finite where a probability
 * underflows to 0; the trainer strips the head activation to get them (see logits-model.ts).
 *
 * Shapes are channels-last with the batch axis: logits [B, ...spatial, K], labels [B, ...spatial].
 */
export interface PixelTarget {
  /** Class index per pixel, int32; -1 marks an ignored pixel (no loss, no gradient, not in metrics). */
  readonly labels: tf.Tensor;
  /** Per-pixel weight map w(x), float32 (Eq. 2 of the paper); absent means w = 1 everywhere. */
  readonly weights?: tf.Tensor | undefined;
}

export type PixelLoss = (logits: tf.Tensor, target: PixelTarget) => tf.Scalar;

/**
 * How a head turns logits into probabilities: 'softmax' = one class per pixel over K channels;
 * 'sigmoid' = an independent foreground probability per channel (K = 1: binary).
 */
export type HeadKind = 'softmax' | 'sigmoid';

/** 1 where the pixel counts, 0 where its label is the ignore marker (-1); float32 [B, ...spatial]. */
export function validMask(labels: tf.Tensor): tf.Tensor {
  return tf.cast(tf.greaterEqual(labels, 0), 'float32');
}

/** w(x)·valid(x): the effective per-pixel weight; ignored pixels weigh 0. */
export function effectiveWeights(target: PixelTarget): tf.Tensor {
  const mask = validMask(target.labels);
  return target.weights ? tf.mul(mask, target.weights) : mask;
}

/** One-hot targets [B, ...spatial, K]; an ignored pixel (-1) becomes an all-zero row. */
export function oneHotTargets(labels: tf.Tensor, classes: number): tf.Tensor {
  return tf.cast(tf.oneHot(tf.cast(labels, 'int32'), classes), 'float32');
}

/**
 * Binary targets for a sigmoid head [B, ...spatial, K]: for K = 1 the foreground indicator
 * (label ≥ 1), for K > 1 one independent indicator per class (one-hot).
 */
export function binaryTargets(labels: tf.Tensor, channels: number): tf.Tensor {
  if (channels > 1) return oneHotTargets(labels, channels);
  return tf.expandDims(tf.cast(tf.greaterEqual(labels, 1), 'float32'), -1);
}

/** Σ num / Σ den, 0 when nothing counts (every pixel ignored) instead of NaN. */
export function safeRatio(num: tf.Tensor, den: tf.Tensor): tf.Scalar {
  return tf.div(tf.sum(num), tf.maximum(tf.sum(den), 1e-12)) as tf.Scalar;
}

export function channelsOf(logits: tf.Tensor): number {
  return logits.shape[logits.shape.length - 1] ?? 1;
}

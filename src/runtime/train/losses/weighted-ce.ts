import * as tf from '@tensorflow/tfjs';
import { effectiveWeights, oneHotTargets, safeRatio, type PixelLoss } from './pixel-loss.js';

/**
 * The paper's energy (Eq. 1, with the minus sign the print lost), normalised:
 *
 *   E = −Σ_x w(x)·log p_ℓ(x)(x) / Σ_x w(x),   p = softmax over the K channels,
 *
 * summed over every non-ignored pixel of every sample in the batch. Dividing by Σw (rather than
 * the paper's bare sum) keeps the loss's scale — and hence a sensible learning rate — independent
 * of tile size, batch size and the weight map's overall magnitude; it changes only the gradient's
 * length, not its direction. With w ≡ 1 this is the mean pixel-wise cross-entropy.
 * log p comes from log-softmax, so a confident wrong pixel costs a large finite amount, not ∞.
 */
export const weightedCrossEntropy: PixelLoss = (logits, target) =>
  tf.tidy(() => {
    const classes = logits.shape[logits.shape.length - 1] ?? 1;
    const logProbs = tf.logSoftmax(logits);
    const logLikelihood = tf.sum(tf.mul(oneHotTargets(target.labels, classes), logProbs), -1);
    const w = effectiveWeights(target);
    return tf.neg(safeRatio(tf.mul(w, logLikelihood), w));
  });

/** Plain pixel-wise cross-entropy: the weighted loss with w ≡ 1 (any weight map is not used). */
export const crossEntropy: PixelLoss = (logits, target) =>
  weightedCrossEntropy(logits, { labels: target.labels });

import * as tf from '@tensorflow/tfjs';
import {
  binaryTargets,
  channelsOf,
  oneHotTargets,
  safeRatio,
  validMask,
  type HeadKind,
  type PixelLoss,
} from './pixel-loss.js';

/**
 * Focal loss (Lin et al. 2017), −(1 − p_t)^γ · log p_t, averaged over non-ignored pixels
 * (and channels, for sigmoid heads). log p_t comes from log-softmax / log-sigmoid; γ = 0 is
 * exactly the cross-entropy.
 */
export function focalLoss(head: HeadKind, gamma: number): PixelLoss {
  return (logits, target) =>
    tf.tidy(() => {
      const channels = channelsOf(logits);
      let logPt: tf.Tensor;
      if (head === 'softmax') {
        logPt = tf.sum(tf.mul(oneHotTargets(target.labels, channels), tf.logSoftmax(logits)), -1, true);
      } else {
        // log σ(z) = −softplus(−z), log(1 − σ(z)) = −softplus(z)
        const y = binaryTargets(target.labels, channels);
        logPt = tf.neg(
          tf.add(tf.mul(y, tf.softplus(tf.neg(logits))), tf.mul(tf.sub(1, y), tf.softplus(logits))),
        );
      }
      const modulation = gamma === 0 ? tf.onesLike(logPt) : tf.pow(tf.relu(tf.sub(1, tf.exp(logPt))), gamma);
      const perPixel = tf.mean(tf.neg(tf.mul(modulation, logPt)), -1);
      const mask = validMask(target.labels);
      return safeRatio(tf.mul(mask, perPixel), mask);
    });
}

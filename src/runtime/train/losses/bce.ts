import * as tf from '@tensorflow/tfjs';
import { binaryTargets, channelsOf, effectiveWeights, safeRatio, type PixelLoss } from './pixel-loss.js';

/**
 * Binary cross-entropy for sigmoid heads, from logits z:
 *
 *   −[y·log σ(z) + (1−y)·log(1−σ(z))] = softplus(z) − y·z,
 *
 * which never evaluates log(0). Averaged over channels and over the non-ignored pixels, weighted by
 * w(x) and normalised by Σw when a weight map is given (the sigmoid form of weighted_ce).
 */
export function binaryCrossEntropy(useWeights: boolean): PixelLoss {
  return (logits, target) =>
    tf.tidy(() => {
      const y = binaryTargets(target.labels, channelsOf(logits));
      const perPixel = tf.mean(tf.sub(tf.softplus(logits), tf.mul(y, logits)), -1);
      const w = effectiveWeights(useWeights ? target : { labels: target.labels });
      return safeRatio(tf.mul(w, perPixel), w);
    });
}

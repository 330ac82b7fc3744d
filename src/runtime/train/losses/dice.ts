import * as tf from '@tensorflow/tfjs';
import {
  binaryTargets,
  channelsOf,
  oneHotTargets,
  validMask,
  type HeadKind,
  type PixelLoss,
} from './pixel-loss.js';

/** Smoothing of numerator and denominator (MONAI's 1e-5): an absent class predicted absent scores 1. */
const SMOOTH = 1e-5;

/**
 * Soft Dice loss, 1 − mean_c (2·Σ p·g + s) / (Σ p + Σ g + s), with the sums over the whole batch
 * and every non-ignored pixel ("batch Dice", stable for batch 1 tiles with a missing class) and the
 * mean over every channel, background included. p = softmax (or sigmoid) of the logits.
 */
export function softDice(head: HeadKind): PixelLoss {
  return (logits, target) =>
    tf.tidy(() => {
      const channels = channelsOf(logits);
      const probs = head === 'softmax' ? tf.softmax(logits) : tf.sigmoid(logits);
      const g =
        head === 'softmax' ? oneHotTargets(target.labels, channels) : binaryTargets(target.labels, channels);
      const mask = tf.expandDims(validMask(target.labels), -1);
      const p = tf.mul(probs, mask);
      const gm = tf.mul(g, mask);
      const axes = [...Array(logits.shape.length - 1).keys()];
      const intersection = tf.sum(tf.mul(p, gm), axes);
      const total = tf.add(tf.sum(p, axes), tf.sum(gm, axes));
      const dice = tf.div(tf.add(tf.mul(intersection, 2), SMOOTH), tf.add(total, SMOOTH));
      return tf.sub(1, tf.mean(dice)) as tf.Scalar;
    });
}

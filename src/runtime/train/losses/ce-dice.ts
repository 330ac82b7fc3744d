import * as tf from '@tensorflow/tfjs';
import { binaryCrossEntropy } from './bce.js';
import { softDice } from './dice.js';
import type { HeadKind, PixelLoss } from './pixel-loss.js';
import { crossEntropy } from './weighted-ce.js';

/** nnU-Net's compound loss: cross-entropy + diceWeight · soft Dice (no weight map). */
export function crossEntropyPlusDice(head: HeadKind, diceWeight: number): PixelLoss {
  const ce = head === 'softmax' ? crossEntropy : binaryCrossEntropy(false);
  const dice = softDice(head);
  return (logits, target) =>
    tf.tidy(() => tf.add(ce(logits, target), tf.mul(dice(logits, target), diceWeight)));
}

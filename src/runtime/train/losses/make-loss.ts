import type { LossKind, LossSpec } from '../../../compiler/spec/pipeline-spec.js';
import { binaryCrossEntropy } from './bce.js';
import { crossEntropyPlusDice } from './ce-dice.js';
import { softDice } from './dice.js';
import { focalLoss } from './focal.js';
import type { HeadKind, PixelLoss } from './pixel-loss.js';
import { crossEntropy, weightedCrossEntropy } from './weighted-ce.js';

type LossParameters = Pick<LossSpec, 'kind' | 'gamma' | 'diceWeight'>;

/**
 * The tfjs implementation of every loss the vocabulary describes (src/compiler/vocabulary/losses.ts).
 * The head decides the probability model: on a softmax head `bce` means the categorical
 * cross-entropy (its K-class form); on a sigmoid head `ce`/`weighted_ce` mean the binary
 * cross-entropy, with the weight map for `weighted_ce`.
 */
const implementations: Record<LossKind, (spec: LossParameters, head: HeadKind) => PixelLoss> = {
  weighted_ce: (_, head) => (head === 'softmax' ? weightedCrossEntropy : binaryCrossEntropy(true)),
  ce: (_, head) => (head === 'softmax' ? crossEntropy : binaryCrossEntropy(false)),
  bce: (_, head) => (head === 'softmax' ? crossEntropy : binaryCrossEntropy(false)),
  dice: (_, head) => softDice(head),
  ce_dice: (spec, head) => crossEntropyPlusDice(head, spec.diceWeight),
  focal: (spec, head) => focalLoss(head, spec.gamma),
};

/** The loss a spec names, for the head it trains. */
export function makeLoss(spec: LossParameters, head: HeadKind): PixelLoss {
  return implementations[spec.kind](spec, head);
}

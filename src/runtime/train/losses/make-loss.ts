import type { LossSpec } from '../../../compiler/spec/pipeline-spec.js';
import { binaryCrossEntropy } from './bce.js';
import { crossEntropyPlusDice } from './ce-dice.js';
import { softDice } from './dice.js';
import { focalLoss } from './focal.js';
import type { HeadKind, PixelLoss } from './pixel-loss.js';
import { crossEntropy, weightedCrossEntropy } from './weighted-ce.js';

/**
 * The loss a spec names, for the head it trains. The head decides the probability model:
 * on a softmax head `bce` means the categorical cross-entropy (its K-class form); on a sigmoid head
 * `ce`/`weighted_ce` mean the binary cross-entropy, with the weight map for `weighted_ce`.
 */
export function makeLoss(spec: Pick<LossSpec, 'kind' | 'gamma' | 'diceWeight'>, head: HeadKind): PixelLoss {
  switch (spec.kind) {
    case 'weighted_ce':
      return head === 'softmax' ? weightedCrossEntropy : binaryCrossEntropy(true);
    case 'ce':
    case 'bce':
      return head === 'softmax' ? crossEntropy : binaryCrossEntropy(false);
    case 'dice':
      return softDice(head);
    case 'ce_dice':
      return crossEntropyPlusDice(head, spec.diceWeight);
    case 'focal':
      return focalLoss(head, spec.gamma);
  }
}

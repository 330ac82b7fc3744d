import type { LossKind } from '../spec/pipeline-spec.js';
import type { Vocabulary } from './descriptor.js';

/** `train.loss`: what the network is trained to minimise (on logits; the head picks the probability model). */
export const losses: Vocabulary<LossKind> = {
  key: 'loss',
  defaultKind: 'weighted_ce',
  kinds: {
    weighted_ce: {
      doc: "the paper's pixel-wise softmax cross-entropy weighted by the weight map w(x)",
      defaults: {},
      positional: [],
      needsWeightMap: true,
      head: 'softmax',
    },
    ce: {
      doc: 'cross-entropy (binary on a one-channel sigmoid head)',
      defaults: {},
      positional: [],
      head: 'softmax',
    },
    bce: {
      doc: 'binary cross-entropy (its K-class form on a softmax head)',
      defaults: {},
      positional: [],
      head: 'sigmoid',
    },
    dice: { doc: 'soft Dice loss over the classes', defaults: {}, positional: [] },
    ce_dice: {
      doc: 'cross-entropy plus a weighted soft Dice term',
      defaults: { dice_weight: 1 },
      positional: ['dice_weight'],
    },
    focal: { doc: 'focal loss (Lin et al. 2017)', defaults: { gamma: 2 }, positional: ['gamma'] },
  },
  parameters: {
    gamma: {
      key: 'gamma',
      title: 'Gamma',
      doc: 'focal: focusing parameter',
      type: 'number',
      minimum: 0,
      maximum: 10,
    },
    dice_weight: {
      key: 'dice_weight',
      title: 'Dice weight',
      doc: 'ce_dice: weight of the Dice term',
      type: 'number',
      minimum: 0,
      maximum: 1000,
    },
  },
};

import type { NormKind } from '../spec/model-spec.js';
import type { Vocabulary } from './descriptor.js';

/** `block.norm` (and an up-sampling's or attention gate's): normalisation after each conv. The paper: none. */
export const norms: Vocabulary<NormKind> = {
  key: 'norm',
  noun: 'normalisation',
  defaultKind: 'none',
  kinds: {
    none: { doc: 'no normalisation (the paper)', defaults: {}, positional: [] },
    batch: {
      doc: 'batch normalisation (Keras epsilon and momentum)',
      defaults: { affine: true, epsilon: 1e-3, momentum: 0.99 },
      positional: [],
    },
    instance: {
      doc: 'instance normalisation (nnU-Net, MONAI; often without affine)',
      defaults: { affine: true, epsilon: 1e-5 },
      positional: [],
    },
    group: {
      doc: 'group normalisation over channel groups (Wu & He 2018)',
      defaults: { groups: 8, affine: true, epsilon: 1e-5 },
      positional: ['groups'],
    },
  },
  parameters: {
    groups: {
      key: 'groups',
      title: 'Groups',
      doc: 'group norm: number of channel groups',
      type: 'integer',
      minimum: 1,
      maximum: 4096,
    },
    affine: { key: 'affine', title: 'Affine', doc: 'learnable scale and offset', type: 'boolean' },
    epsilon: {
      key: 'epsilon',
      title: 'Epsilon',
      doc: 'added to the variance',
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
    },
    momentum: {
      key: 'momentum',
      title: 'Momentum',
      doc: 'batch norm running-average momentum, weight of the old value',
      type: 'number',
      minimum: 0,
      maximum: 1,
    },
  },
  // The normalised spec records every field for every kind.
  recorded: { affine: true, epsilon: 1e-5, momentum: 0.99 },
};

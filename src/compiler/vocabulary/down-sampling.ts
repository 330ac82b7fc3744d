import type { DownKind } from '../spec/model-spec.js';
import type { Vocabulary } from './descriptor.js';

const pool = { kernel: 2, stride: 2 } as const;

/** `down`: from one level to the next. The paper: 2×2 max pooling. */
export const downSampling: Vocabulary<DownKind> = {
  key: 'down',
  noun: 'down-sampling',
  defaultKind: 'maxpool',
  kinds: {
    maxpool: {
      doc: 'max pooling (the paper)',
      defaults: pool,
      follows: { stride: 'kernel' },
      positional: ['kernel'],
    },
    avgpool: {
      doc: 'average pooling',
      defaults: pool,
      follows: { stride: 'kernel' },
      positional: ['kernel'],
    },
    conv: {
      doc: 'strided conv (nnU-Net, DynUNet), followed by the level\u2019s norm and activation',
      defaults: { kernel: 3, stride: 2, padding: 'same', norm_act: true },
      positional: ['kernel'],
    },
    block: {
      doc: "no layer of its own: the next level's block strides its first conv (MONAI)",
      defaults: { stride: 2 },
      positional: [],
    },
  },
  parameters: {
    kernel: {
      key: 'kernel',
      title: 'Kernel',
      doc: 'pool window or conv kernel',
      type: 'integer',
      perAxis: true,
      minimum: 1,
      maximum: 15,
    },
    stride: {
      key: 'stride',
      title: 'Stride',
      doc: 'down-sampling factor per axis',
      type: 'integer',
      perAxis: true,
      minimum: 1,
      maximum: 8,
    },
    padding: {
      key: 'padding',
      title: 'Padding',
      doc: 'strided conv only: its padding',
      type: 'string',
      enum: ['valid', 'same'],
    },
    norm_act: {
      key: 'norm_act',
      title: 'Norm and activation',
      doc: "strided conv only: follow it with the level block's norm and activation",
      type: 'boolean',
    },
  },
  // A kind that does not take them has no padding and no norm or activation of its own.
  recorded: { kernel: 2, padding: 'valid', norm_act: false },
  signatureOmits: ['padding', 'norm_act'],
};

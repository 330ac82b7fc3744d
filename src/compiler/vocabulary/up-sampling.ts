import type { UpKind } from '../spec/model-spec.js';
import type { Vocabulary } from './descriptor.js';

/** Every kind with a layer takes these, in this order. */
const layer = {
  kernel: 2,
  stride: 2,
  padding: 'same',
  filters: 'halve',
  activation: 'none',
  bias: true,
  norm: false,
} as const;

const perAxis = { type: 'integer', perAxis: true } as const;

/** `up`: into a decoder level. The paper: a 2×2 up-convolution halving the channels, no activation. */
export const upSampling: Vocabulary<UpKind> = {
  key: 'up',
  noun: 'up-sampling',
  defaultKind: 'transpose',
  kinds: {
    transpose: {
      doc: 'transposed conv (the paper\u2019s 2\u00d72 up-convolution)',
      defaults: { ...layer, output_padding: 0 },
      positional: ['kernel', 'stride'],
    },
    nearest: {
      doc: 'nearest-neighbour resize by the stride, with a conv',
      defaults: { ...layer, conv: 'after' },
      positional: ['stride'],
    },
    bilinear: {
      doc: '(tri)linear resize by the stride, with a conv',
      defaults: { ...layer, conv: 'after' },
      positional: ['stride'],
    },
    none: { doc: 'no layer: the level keeps its size', defaults: {}, positional: [] },
  },
  parameters: {
    kernel: {
      key: 'kernel',
      title: 'Kernel',
      doc: 'transposed-conv kernel, or the kernel of the conv with a resize',
      ...perAxis,
      minimum: 1,
      maximum: 15,
    },
    stride: {
      key: 'stride',
      title: 'Stride',
      doc: 'up-sampling factor per axis',
      ...perAxis,
      minimum: 1,
      maximum: 8,
    },
    padding: {
      key: 'padding',
      title: 'Padding',
      doc: 'padding of the (transposed) conv',
      type: 'string',
      enum: ['valid', 'same'],
    },
    output_padding: {
      key: 'output_padding',
      title: 'Output padding',
      doc: 'transposed conv: extra rows and columns on the far side (PyTorch output_padding)',
      ...perAxis,
      minimum: 0,
      maximum: 8,
    },
    filters: {
      key: 'filters',
      title: 'Filters',
      doc: 'output channels: halve (the filters of the level it goes to), same, or a number',
      type: 'integer',
      words: ['halve', 'same'],
      minimum: 1,
      maximum: 65536,
    },
    activation: {
      key: 'activation',
      title: 'Activation',
      doc: 'activation after the up-conv, or none',
      type: 'call',
      vocabulary: 'activation',
    },
    bias: { key: 'bias', title: 'Bias', doc: 'the up-conv has a bias', type: 'boolean' },
    norm: {
      key: 'norm',
      title: 'Norm',
      doc: "norm after the up-conv: true = the decoder block's, false, or a norm of its own",
      type: 'call',
      vocabulary: 'norm',
    },
    conv: {
      key: 'conv',
      title: 'Conv',
      doc: 'resize kinds: the conv runs after the resize, before it, or there is none',
      type: 'string',
      enum: ['after', 'before', 'none'],
    },
  },
  // `none` has no layer: stride 1, and the fields of one recorded as if it had.
  recorded: { ...layer, stride: 1, output_padding: 0, conv: 'after' },
  signatureOmits: ['padding', 'filters', 'activation', 'bias', 'norm', 'output_padding', 'conv'],
};

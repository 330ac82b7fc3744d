import type { ActivationKind } from '../spec/model-spec.js';
import type { Vocabulary } from './descriptor.js';

/** `block.activation` (and an up-sampling's): the non-linearity after each conv. The paper: ReLU. */
export const activations: Vocabulary<ActivationKind> = {
  key: 'activation',
  defaultKind: 'relu',
  kinds: {
    relu: { doc: 'rectified linear unit (the paper)', defaults: {}, positional: [] },
    leaky_relu: {
      doc: 'leaky ReLU with negative slope alpha (nnU-Net)',
      defaults: { alpha: 0.01 },
      positional: ['alpha'],
    },
    prelu: {
      doc: 'parametric ReLU, a learnt slope per channel (or one in all)',
      defaults: { shared: false },
      positional: [],
    },
    elu: { doc: 'exponential linear unit', defaults: { alpha: 1 }, positional: ['alpha'] },
    gelu: { doc: 'Gaussian error linear unit', defaults: {}, positional: [] },
    tanh: { doc: 'hyperbolic tangent', defaults: {}, positional: [] },
    sigmoid: { doc: 'logistic sigmoid', defaults: {}, positional: [] },
    softmax: {
      doc: "the head's softmax over channels; not offered between convs",
      defaults: {},
      positional: [],
      internal: true,
    },
    linear: { doc: 'identity', defaults: {}, positional: [] },
  },
  parameters: {
    alpha: {
      key: 'alpha',
      title: 'Alpha',
      doc: 'negative slope of leaky_relu or alpha of elu',
      type: 'number',
      minimum: 0,
      maximum: 10,
    },
    shared: {
      key: 'shared',
      title: 'Shared',
      doc: 'prelu: one slope for all channels',
      type: 'boolean',
    },
  },
};

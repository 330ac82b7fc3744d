import type { OptimizerSpec } from '../spec/pipeline-spec.js';
import type { Vocabulary } from './descriptor.js';

/** `train.optimizer`. The paper: SGD with momentum 0.99. */
export const optimizers: Vocabulary<OptimizerSpec['kind']> = {
  key: 'optimizer',
  defaultKind: 'sgd',
  kinds: {
    sgd: {
      doc: "stochastic gradient descent with momentum (the paper's 0.99 by default)",
      defaults: { lr: 0.01, momentum: 0.99, nesterov: false, weight_decay: 0 },
      positional: ['lr'],
    },
    adam: {
      doc: 'Adam (Kingma & Ba 2015)',
      defaults: { lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weight_decay: 0 },
      positional: ['lr'],
    },
  },
  parameters: {
    lr: {
      key: 'lr',
      title: 'Learning rate',
      doc: 'initial learning rate',
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 10,
    },
    momentum: {
      key: 'momentum',
      title: 'Momentum',
      doc: 'SGD momentum',
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
    },
    nesterov: { key: 'nesterov', title: 'Nesterov', doc: 'Nesterov momentum', type: 'boolean' },
    weight_decay: {
      key: 'weight_decay',
      title: 'Weight decay',
      doc: 'L2 weight decay',
      type: 'number',
      minimum: 0,
      maximum: 1,
    },
    beta1: { key: 'beta1', title: 'Beta 1', doc: 'Adam β1', type: 'number', minimum: 0, exclusiveMaximum: 1 },
    beta2: { key: 'beta2', title: 'Beta 2', doc: 'Adam β2', type: 'number', minimum: 0, exclusiveMaximum: 1 },
    epsilon: {
      key: 'epsilon',
      title: 'Epsilon',
      doc: 'Adam ε',
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
    },
  },
};

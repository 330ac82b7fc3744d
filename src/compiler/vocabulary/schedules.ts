import type { ScheduleSpec } from '../spec/pipeline-spec.js';
import type { Vocabulary } from './descriptor.js';

/** `train.schedule`: the learning rate over the run. */
export const schedules: Vocabulary<ScheduleSpec['kind']> = {
  key: 'schedule',
  defaultKind: 'constant',
  kinds: {
    constant: { doc: 'the optimizer’s learning rate throughout', defaults: {}, positional: [] },
    step: {
      doc: 'multiply the rate by factor every few epochs',
      defaults: { every: 10, factor: 0.5 },
      positional: ['every', 'factor'],
    },
    poly: {
      doc: 'lr · (1 − step/steps)^power (nnU-Net’s schedule)',
      defaults: { power: 0.9 },
      positional: ['power'],
    },
    cosine: { doc: 'cosine decay to min_lr', defaults: { min_lr: 0 }, positional: ['min_lr'] },
  },
  parameters: {
    every: {
      key: 'every',
      title: 'Every',
      doc: 'step: epochs between decays',
      type: 'integer',
      minimum: 1,
      maximum: 2147483647,
    },
    factor: {
      key: 'factor',
      title: 'Factor',
      doc: 'step: multiplier at each decay',
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
    },
    power: {
      key: 'power',
      title: 'Power',
      doc: 'poly: exponent',
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 10,
    },
    min_lr: {
      key: 'min_lr',
      title: 'Min lr',
      doc: 'cosine: final learning rate',
      type: 'number',
      minimum: 0,
    },
  },
};

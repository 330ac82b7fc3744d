import type { NetworkSpec } from './model-spec.js';
import type { AugmentSpec, DataSpec, TrainSpec } from './pipeline-spec.js';

/** A whole normalised spec: one network and, optionally, how to feed and train it. */
export interface ModelSpec {
  readonly name: string;
  readonly description: string;
  readonly network: NetworkSpec;
  readonly data: DataSpec | null;
  readonly augment: AugmentSpec | null;
  readonly train: TrainSpec | null;
}

export type * from './model-spec.js';
export type * from './pipeline-spec.js';

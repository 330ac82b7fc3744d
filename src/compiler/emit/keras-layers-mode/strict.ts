import type { CheckedModel } from '../../ir/checked-model.js';
import { kerasTopology } from '../keras-topology.js';
import { describeCustomLayers, kerasLayersTopology } from './keras-mode.js';

/** `--layers keras-strict`: one line per layer that has no standard Keras class (empty: none). */
export function strictKerasProblems(model: CheckedModel): string[] {
  const topology = kerasTopology(model.graph, model.spec.name, model.spec.network.init);
  return describeCustomLayers(kerasLayersTopology(topology, model.graph).custom);
}

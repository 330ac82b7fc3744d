import type { CheckedModel, ModelSummary } from '../ir/checked-model.js';
import { pruneGraph } from '../ir/prune.js';
import { GraphIndex } from './graph-index.js';
import { layerWeights, weightCount } from './layer-weights.js';

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/**
 * U-Net++ L^k for inference: the checked model cut down to what the head on X(0, k) needs
 * (src/compiler/ir/prune.ts), with the totals recomputed for the kept layers. Receptive field,
 * size rules and label crop are the full network's: the pruned net is a sub-graph on the same
 * input, so every input size valid for the full net stays valid (a conservative reading).
 * Throws when the network has no head on X0_k. Layer names are unchanged, so trained weights
 * carry over by name.
 */
export function prunedModel(model: CheckedModel, k: number): CheckedModel {
  const graph = pruneGraph(model.graph, k);
  if (!graph) {
    const heads = model.graph.outputs.map((o) => o.name).join(', ');
    throw new Error(`the network has no supervision head on X0_${k} to prune to (its outputs: ${heads})`);
  }
  const index = new GraphIndex(graph);
  const trainable = graph.nodes.reduce(
    (sum, node) => sum + weightCount(layerWeights(node, index).filter((d) => d.trainable)),
    0,
  );
  const params = graph.nodes.reduce((sum, n) => sum + n.params, 0);
  const elements = graph.nodes.reduce((sum, n) => sum + product(n.shape), 0);
  const batch = model.spec.train?.batch ?? 1;
  const summary: ModelSummary = {
    ...model.summary,
    params,
    trainableParams: trainable,
    convLayers: graph.nodes.filter((n) => n.attrs.op === 'conv' || n.attrs.op === 'conv_transpose').length,
    flops: graph.nodes.reduce((sum, n) => sum + n.flops, 0),
    trainingActivationBytes: elements * batch * 4,
    paramBytes: params * 4,
  };
  return { spec: model.spec, graph, summary };
}

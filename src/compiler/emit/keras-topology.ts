import type { IrGraph } from '../ir/ir.js';
import { validateGraph } from '../ir/validate-graph.js';
import type { InitKind } from '../spec/model-spec.js';
import { GraphIndex } from './graph-index.js';
import {
  GENERATED_BY,
  KERAS_VERSION,
  type KerasLayerJson,
  type KerasModelTopology,
  type LayersModelJson,
  type WeightSpecJson,
} from './keras-format.js';
import { layerConfig } from './keras-layer-config.js';
import { kerasLayersTopology, type LayersMode } from './keras-layers-mode/keras-mode.js';
import { layerWeights, modelWeights, weightCount } from './layer-weights.js';

/** The weight shard file name tfjs' converter uses for a single-group, single-shard model. */
export const WEIGHTS_SHARD = 'group1-shard1of1.bin';

/**
 * IR graph → Keras functional-model topology: one layer per IR node, layer name = node id,
 * inbound nodes = the node's inputs. The IR is already topologically ordered.
 * Throws (an internal error) on a malformed IR (validateGraph) or if a node's weights disagree with
 * the checker's parameter count: parity between the checker and the emitted model is the contract.
 */
export function kerasTopology(graph: IrGraph, name: string, init: InitKind): KerasModelTopology {
  const problems = validateGraph(graph);
  if (problems.length > 0) throw new Error(`the checked IR is malformed: ${problems.slice(0, 5).join('; ')}`);
  const index = new GraphIndex(graph);
  const layers: KerasLayerJson[] = graph.nodes.map((node) => {
    const count = weightCount(layerWeights(node, index));
    if (count !== node.params) {
      throw new Error(
        `layer '${node.id}' (${node.attrs.op}) has ${count} weights but the checker counted ${node.params}`,
      );
    }
    const { className, config } = layerConfig(node, index, init);
    return {
      name: node.id,
      class_name: className,
      config,
      inbound_nodes: node.inputs.length === 0 ? [] : [node.inputs.map((id) => [id, 0, 0, {}] as const)],
    };
  });
  return {
    class_name: 'Model',
    config: {
      name,
      layers,
      input_layers: [[graph.input, 0, 0]],
      output_layers: graph.outputs.map((o) => [o.node, 0, 0] as const),
    },
    keras_version: KERAS_VERSION,
    backend: 'tensor_flow.js',
  };
}

/** The weight specs of model.json's manifest, in tfjs' save order. */
export function weightSpecs(graph: IrGraph): WeightSpecJson[] {
  return modelWeights(new GraphIndex(graph)).map((d) => ({ name: d.name, shape: d.shape, dtype: 'float32' }));
}

/** model.json for a graph whose weights live in one shard next to it; `layers` names the classes. */
export function layersModelJson(
  graph: IrGraph,
  name: string,
  init: InitKind,
  layers: LayersMode = 'tfjs',
): LayersModelJson {
  const topology = kerasTopology(graph, name, init);
  return {
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
    modelTopology: layers === 'tfjs' ? topology : kerasLayersTopology(topology, graph).topology,
    weightsManifest: [{ paths: [WEIGHTS_SHARD], weights: weightSpecs(graph) }],
  };
}

import type { CheckedModel, ModelSummary, SizeRule } from '../ir/checked-model.js';

/** One IR node as `check --format json` and `summary --format json` show it. */
export interface LayerJson {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly string[];
  readonly output: readonly number[];
  readonly params: number;
  readonly flops: number;
  readonly stage: string;
  readonly level: number;
}

/**
 * The checked model in the JSON shape `unetc check --format json` documents (channels-last shapes; `output` is the main head,
 * `outputs` every head), plus the summary's size rules, receptive field and memory.
 */
export interface ModelJson {
  readonly name: string;
  readonly input: readonly number[];
  readonly output: readonly number[];
  readonly outputs: readonly (readonly number[])[];
  readonly outputNames: readonly string[];
  /** Every weight (Keras `count_params`), batch norm's moving statistics included. */
  readonly params: number;
  /** Learned weights: PyTorch's `sum(p.numel() for p in model.parameters())`. */
  readonly trainableParams: number;
  /** params − trainableParams: batch norm's moving mean and variance (PyTorch buffers). */
  readonly nonTrainableParams: number;
  readonly convLayers: number;
  readonly flops: number;
  readonly receptiveField: readonly number[];
  readonly sizeRules: readonly SizeRule[];
  readonly labelCrop: readonly (readonly [number, number])[];
  readonly memory: {
    readonly batch: number;
    readonly trainingActivationBytes: number;
    readonly paramBytes: number;
  };
  /** The checker's summary as is (the fields above are its most-wanted parts, flattened). */
  readonly summary: ModelSummary;
  readonly layers: readonly LayerJson[];
}

export function modelToJson(model: CheckedModel): ModelJson {
  const { graph, summary, spec } = model;
  const inputNode = graph.nodes.find((n) => n.id === graph.input);
  const network = spec.network;
  return {
    name: spec.name,
    input: inputNode?.shape ?? [...network.inputSize, network.inputChannels],
    output: graph.outputs[0]?.shape ?? [],
    outputs: graph.outputs.map((o) => o.shape),
    outputNames: graph.outputs.map((o) => o.name),
    params: summary.params,
    trainableParams: summary.trainableParams,
    nonTrainableParams: summary.params - summary.trainableParams,
    convLayers: summary.convLayers,
    flops: summary.flops,
    receptiveField: summary.receptiveField,
    sizeRules: summary.sizeRules,
    labelCrop: summary.labelCrop,
    memory: {
      batch: spec.train?.batch ?? 1,
      trainingActivationBytes: summary.trainingActivationBytes,
      paramBytes: summary.paramBytes,
    },
    summary,
    layers: graph.nodes.map((n) => ({
      name: n.id,
      op: n.attrs.op,
      inputs: n.inputs,
      output: n.shape,
      params: n.params,
      flops: n.flops,
      stage: n.role.stage,
      level: n.role.level,
    })),
  };
}

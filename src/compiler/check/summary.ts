/**
 * Model totals from the lowered graph: parameters (exact, Keras `count_params`), conv layers
 * (conv + transposed conv, the paper's count of 23), FLOPs of one forward pass, activations kept
 * for training at the spec's batch (Σ output elements × batch × 4 bytes), parameter bytes,
 * receptive field, size rules and the label crop of valid nets.
 */
import type { ModelSummary, SizeRule } from '../ir/checked-model.js';
import type { IrGraph } from '../ir/ir.js';
import type { NetGraph } from '../ir/net-graph.js';
import { centreCropMargins } from '../shapes/crop.js';
import { product } from '../shapes/layer-cost.js';

const FLOAT_BYTES = 4;

export function summarize(
  ir: IrGraph,
  net: NetGraph,
  inputSize: readonly number[],
  rules: readonly SizeRule[],
  receptiveField: readonly number[],
  batch: number,
): ModelSummary {
  let params = 0;
  let flops = 0;
  let elements = 0;
  let convLayers = 0;
  for (const node of ir.nodes) {
    params += node.params;
    flops += node.flops;
    elements += product(node.shape);
    if (node.attrs.op === 'conv' || node.attrs.op === 'conv_transpose') convLayers++;
  }
  const trainableParams = net.nodes.reduce((sum, n) => sum + n.trainableParams, 0);
  const output = ir.outputs[0]?.shape ?? [];
  return {
    params,
    trainableParams,
    convLayers,
    flops,
    trainingActivationBytes: elements * batch * FLOAT_BYTES,
    paramBytes: params * FLOAT_BYTES,
    receptiveField,
    sizeRules: rules,
    labelCrop: inputSize.map((s, axis) => centreCropMargins(s, output[axis] ?? s)),
  };
}

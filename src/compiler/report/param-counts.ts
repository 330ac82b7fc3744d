/**
 * The two ways people count parameters. Keras (`count_params`, unetc's `params`) counts every
 * weight, batch norm's moving mean and variance included; PyTorch users compare
 * `sum(p.numel() for p in model.parameters())`, which leaves those statistics out (they are
 * buffers). `trainableParams` is the PyTorch number; `nonTrainableParams` the difference.
 */
import type { CheckedModel } from '../ir/checked-model.js';
import type { IrNode } from '../ir/ir.js';
import { bytesText, groupDigits } from './format-numbers.js';

export type ParamConvention = 'keras' | 'pytorch';

export interface SummaryOptions {
  /** keras (default): every weight per layer; pytorch: only what `model.parameters()` holds. */
  readonly convention?: ParamConvention;
}

/** A layer's learned weights: batch norm's moving statistics (2 per channel) are not learned. */
export function trainableParamsOf(node: IrNode): number {
  const a = node.attrs;
  if (a.op !== 'norm' || a.kind !== 'batch') return node.params;
  const channels = node.shape[node.shape.length - 1] ?? 0;
  return Math.max(node.params - 2 * channels, 0);
}

/** The totals line: Keras shows everything and splits it; PyTorch shows its own number first. */
export function parametersLine(model: CheckedModel, pytorch: boolean): [string, string] {
  const { params, trainableParams, paramBytes } = model.summary;
  const fixed = params - trainableParams;
  if (pytorch) {
    const buffers = fixed > 0 ? `; ${groupDigits(fixed)} batch-norm statistics are buffers` : '';
    return ['parameters', `${groupDigits(trainableParams)} (PyTorch's model.parameters()${buffers})`];
  }
  const split =
    fixed > 0
      ? `${groupDigits(trainableParams)} trainable, ${groupDigits(fixed)} non-trainable`
      : `${groupDigits(trainableParams)} trainable`;
  return ['parameters', `${groupDigits(params)} (${split}, ${bytesText(paramBytes)})`];
}

import { assertNever } from '../../../common/assert-never.js';
import type { ActivationAttrs, ConvAttrs, IrNode } from '../../ir/ir.js';
import { preluSharedAxes } from '../layer-weights.js';
import { channelsFirst } from './onnx-layouts.js';
import type { LowerContext } from './lower-context.js';

type FusedActivation = ConvAttrs['activation'];

/** A conv's fused activation (tfjs `activation:`), writing `output`. */
export function lowerFusedActivation(
  ctx: LowerContext,
  kind: FusedActivation,
  input: string,
  output: string,
): string {
  const b = ctx.builder;
  switch (kind) {
    case 'linear':
      return b.node('Identity', [input], {}, output);
    case 'relu':
      return b.node('Relu', [input], {}, output);
    case 'elu':
      return b.node('Elu', [input], { alpha: { f: 1 } }, output);
    case 'sigmoid':
      return b.node('Sigmoid', [input], {}, output);
    case 'tanh':
      return b.node('Tanh', [input], {}, output);
    case 'softmax':
      // tfjs' softmax runs over the last (channel) axis: axis 1 in channels-first.
      return b.node('Softmax', [input], { axis: 1 }, output);
    default:
      return assertNever(kind, 'fused activation');
  }
}

/** GELU as tfjs computes it (erf form, not the tanh approximation): x · ½(1 + erf(x/√2)). */
function gelu(ctx: LowerContext, input: string, output: string): string {
  const b = ctx.builder;
  const scaled = b.node('Div', [input, b.scalar('sqrt2', Math.SQRT2)]);
  const erf = b.node('Erf', [scaled]);
  const onePlus = b.node('Add', [erf, b.scalar('one', 1)]);
  const cdf = b.node('Mul', [onePlus, b.scalar('half', 0.5)]);
  return b.node('Mul', [input, cdf], {}, output);
}

/** A stand-alone activation layer. */
export function lowerActivation(ctx: LowerContext, node: IrNode, a: ActivationAttrs): string {
  const b = ctx.builder;
  const x = ctx.tensor(node.inputs[0]!);
  const out = ctx.define(node.id);
  switch (a.kind) {
    case 'leaky_relu':
      return b.node('LeakyRelu', [x], { alpha: { f: a.alpha ?? 0.01 } }, out);
    case 'elu':
      return b.node('Elu', [x], { alpha: { f: a.alpha ?? 1 } }, out);
    case 'prelu': {
      // tfjs' alpha is [...spatial, C] with shared axes of size 1; channels-first broadcasts it.
      const shared = new Set(preluSharedAxes(node));
      const shape = node.shape.map((size, i) => (shared.has(i + 1) ? 1 : size));
      const slope = channelsFirst(ctx.weight(`${node.id}/alpha`), shape);
      return b.node('PRelu', [x, b.floatInitializer(`${node.id}.alpha`, slope.dims, slope.values)], {}, out);
    }
    case 'gelu':
      return gelu(ctx, x, out);
    case 'relu':
    case 'tanh':
    case 'sigmoid':
    case 'softmax':
    case 'linear':
      return lowerFusedActivation(ctx, a.kind, x, out);
    default:
      return assertNever(a.kind, 'activation kind');
  }
}

import type { ConvAttrs, ConvTransposeAttrs, IrNode, PoolAttrs } from '../../ir/ir.js';
import { convTransposeOutputLength, sameConvPadding } from '../../shapes/conv-arithmetic.js';
import { lowerActivation, lowerFusedActivation } from './lower-activation.js';
import { assertNever, inputSpatial, type LowerContext, onnxPads } from './lower-context.js';
import { lowerNorm } from './lower-norm.js';
import { crop, pad, resizeLike, upsample } from './lower-spatial.js';
import { convKernel, convTransposeKernel } from './onnx-layouts.js';

/**
 * tfjs' SAME is asymmetric (the odd row after); ONNX gets it as explicit pads. With stride 1 they
 * do not depend on the input size; with stride s they depend on n mod s only, which every size
 * the checker admits shares (its size rules step by a multiple of every stride).
 */
function pads(
  ctx: LowerContext,
  node: IrNode,
  padding: 'valid' | 'same',
  kernel: readonly number[],
  strides: readonly number[],
  dilation?: readonly number[],
): number[] {
  const spatial = inputSpatial(ctx, node);
  return onnxPads(
    spatial.map((n, i) =>
      padding === 'same' ? sameConvPadding(n, kernel[i]!, strides[i]!, dilation?.[i] ?? 1) : [0, 0],
    ),
  );
}

function conv(ctx: LowerContext, node: IrNode, a: ConvAttrs): string {
  const b = ctx.builder;
  const shape = [...a.kernel, ctx.index.inputChannels(node), a.filters];
  const w = convKernel(ctx.weight(`${node.id}/kernel`), shape);
  const inputs = [ctx.tensor(node.inputs[0]!), b.floatInitializer(`${node.id}.kernel`, w.dims, w.values)];
  if (a.useBias)
    inputs.push(b.floatInitializer(`${node.id}.bias`, [a.filters], ctx.weight(`${node.id}/bias`)));
  const attributes = {
    kernel_shape: a.kernel,
    strides: a.strides,
    dilations: a.dilation,
    pads: pads(ctx, node, a.padding, a.kernel, a.strides, a.dilation),
  };
  if (a.activation === 'linear') return b.node('Conv', inputs, attributes, ctx.define(node.id));
  return lowerFusedActivation(ctx, a.activation, b.node('Conv', inputs, attributes), ctx.define(node.id));
}

/**
 * The full transposed conv is (n − 1)·s + k long; tfjs keeps the window that starts at
 * ⌊max(k − s, 0)/2⌋ ('same') or 0 and is as long as the checker says (with output padding: zeros
 * plus bias at the far end). Cutting the far end is an end pad; growing it is output_padding.
 * Both are independent of n, so the spatial axes stay dynamic.
 */
function convTranspose(ctx: LowerContext, node: IrNode, a: ConvTransposeAttrs): string {
  const b = ctx.builder;
  const shape = [...a.kernel, a.filters, ctx.index.inputChannels(node)];
  const w = convTransposeKernel(ctx.weight(`${node.id}/kernel`), shape);
  const inputs = [ctx.tensor(node.inputs[0]!), b.floatInitializer(`${node.id}.kernel`, w.dims, w.values)];
  if (a.useBias)
    inputs.push(b.floatInitializer(`${node.id}.bias`, [a.filters], ctx.weight(`${node.id}/bias`)));
  const begin: number[] = [];
  const end: number[] = [];
  const outputPadding: number[] = [];
  inputSpatial(ctx, node).forEach((n, i) => {
    const k = a.kernel[i]!;
    const s = a.strides[i]!;
    const full = (n - 1) * s + k;
    const start = a.padding === 'same' ? Math.floor(Math.max(k - s, 0) / 2) : 0;
    const cut = full - start - convTransposeOutputLength(n, k, s, a.padding, a.outputPadding[i] ?? 0);
    begin.push(start);
    end.push(Math.max(cut, 0));
    outputPadding.push(Math.max(-cut, 0));
  });
  const attributes = {
    kernel_shape: a.kernel,
    strides: a.strides,
    pads: [...begin, ...end],
    output_padding: outputPadding,
  };
  if (a.activation === 'linear') return b.node('ConvTranspose', inputs, attributes, ctx.define(node.id));
  return lowerFusedActivation(
    ctx,
    a.activation,
    b.node('ConvTranspose', inputs, attributes),
    ctx.define(node.id),
  );
}

function pool(ctx: LowerContext, node: IrNode, a: PoolAttrs): string {
  const attributes = {
    kernel_shape: a.pool,
    strides: a.strides,
    pads: pads(ctx, node, a.padding, a.pool, a.strides),
    // tfjs' SAME average pooling divides by the in-image count.
    ...(a.op === 'avg_pool' ? { count_include_pad: 0 } : {}),
  };
  const op = a.op === 'max_pool' ? 'MaxPool' : 'AveragePool';
  return ctx.builder.node(op, [ctx.tensor(node.inputs[0]!)], attributes, ctx.define(node.id));
}

/** Lowers one IR node to ONNX nodes (channels-first tensors); returns the tensor it defines. */
export function lowerNode(ctx: LowerContext, node: IrNode): string {
  const a = node.attrs;
  const b = ctx.builder;
  const inputs = node.inputs.map((id) => ctx.tensor(id));
  switch (a.op) {
    case 'input':
      throw new Error(`IR node '${node.id}': the input is lowered by the model, not as a layer`);
    case 'conv':
      return conv(ctx, node, a);
    case 'conv_transpose':
      return convTranspose(ctx, node, a);
    case 'max_pool':
    case 'avg_pool':
      return pool(ctx, node, a);
    case 'upsample':
      return upsample(ctx, node, a);
    case 'resize_like':
      return resizeLike(ctx, node, a);
    case 'crop':
      return crop(ctx, node, a.cropping);
    case 'pad':
      return pad(ctx, node, a.padding);
    case 'concat':
      return b.node('Concat', inputs, { axis: 1 }, ctx.define(node.id));
    case 'add':
      return b.node('Sum', inputs, {}, ctx.define(node.id));
    case 'multiply': {
      // Mul is binary; tfjs multiplies left to right.
      const head = inputs.slice(0, -1).reduce((acc, x) => b.node('Mul', [acc, x]));
      return b.node('Mul', [head, inputs[inputs.length - 1]!], {}, ctx.define(node.id));
    }
    case 'average':
      return b.node('Mean', inputs, {}, ctx.define(node.id));
    case 'activation':
      return lowerActivation(ctx, node, a);
    case 'norm':
      return lowerNorm(ctx, node, a);
    case 'dropout':
      // Inference: dropout is the identity.
      return b.node('Identity', inputs, {}, ctx.define(node.id));
    default:
      return assertNever(a, node);
  }
}

import { assertNever } from '../../../common/assert-never.js';
import type { IrNode, NormAttrs } from '../../ir/ir.js';
import type { LowerContext } from './lower-context.js';

/** gamma / beta of an affine norm, or the identity (ones / zeros) without one. */
function affineParams(ctx: LowerContext, node: IrNode, a: NormAttrs, channels: number) {
  const gamma = a.affine ? ctx.weight(`${node.id}/gamma`) : new Float32Array(channels).fill(1);
  const beta = a.affine ? ctx.weight(`${node.id}/beta`) : new Float32Array(channels);
  return { gamma, beta };
}

/**
 * Batch norm (inference: moving statistics), instance norm, and group norm. GroupNormalization
 * is an opset-18 op; at opset 17 it is the usual decomposition: reshape [N, G, rest], instance
 * norm over each group (unit scale, zero bias — the same biased variance and epsilon placement
 * as tfjs' moments), reshape back, then the per-channel affine.
 */
export function lowerNorm(ctx: LowerContext, node: IrNode, a: NormAttrs): string {
  const b = ctx.builder;
  const x = ctx.tensor(node.inputs[0]!);
  const channels = ctx.index.inputChannels(node);
  const epsilon = { f: a.epsilon };
  const { gamma, beta } = affineParams(ctx, node, a, channels);
  switch (a.kind) {
    case 'batch': {
      const inputs = [
        x,
        b.floatInitializer(`${node.id}.gamma`, [channels], gamma),
        b.floatInitializer(`${node.id}.beta`, [channels], beta),
        b.floatInitializer(`${node.id}.moving_mean`, [channels], ctx.weight(`${node.id}/moving_mean`)),
        b.floatInitializer(
          `${node.id}.moving_variance`,
          [channels],
          ctx.weight(`${node.id}/moving_variance`),
        ),
      ];
      return b.node('BatchNormalization', inputs, { epsilon }, ctx.define(node.id));
    }
    case 'instance': {
      const scale = b.floatInitializer(`${node.id}.gamma`, [channels], gamma);
      const bias = b.floatInitializer(`${node.id}.beta`, [channels], beta);
      return b.node('InstanceNormalization', [x, scale, bias], { epsilon }, ctx.define(node.id));
    }
    case 'group': {
      const groups = a.groups ?? 1;
      const grouped = b.node('Reshape', [x, b.intInitializer(`${node.id}.groups_shape`, [0, groups, -1])]);
      const unitScale = b.floatInitializer(
        `${node.id}.unit_scale`,
        [groups],
        new Float32Array(groups).fill(1),
      );
      const zeroBias = b.floatInitializer(`${node.id}.zero_bias`, [groups], new Float32Array(groups));
      const normed = b.node('InstanceNormalization', [grouped, unitScale, zeroBias], { epsilon });
      const back = b.node('Reshape', [normed, b.node('Shape', [x])]);
      const perChannel = [channels, ...node.shape.slice(0, -1).map(() => 1)];
      if (!a.affine) return b.node('Identity', [back], {}, ctx.define(node.id));
      const scaled = b.node('Mul', [back, b.floatInitializer(`${node.id}.gamma`, perChannel, gamma)]);
      return b.node(
        'Add',
        [scaled, b.floatInitializer(`${node.id}.beta`, perChannel, beta)],
        {},
        ctx.define(node.id),
      );
    }
    default:
      return assertNever(a.kind, 'norm kind');
  }
}

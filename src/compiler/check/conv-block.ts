/**
 * One conv block: `convs` units of conv / norm / activation in the spec's order, optional dropout,
 * optional residual shortcut. Activations a tfjs conv can apply itself are fused into the conv when
 * nothing sits between them; everything else becomes its own layer.
 */
import type { IrRole } from '../ir/ir.js';
import type { ConvBlockSpec } from '../spec/model-spec.js';
import { fusableActivation, type NetBuilder } from './net-builder.js';

/** Output channels of conv k (0-based) of a block whose level has `filters` channels. */
export function blockConvFilters(block: ConvBlockSpec, filters: number, k: number): number {
  return block.filters?.[k] ?? filters;
}

/** Channels a block outputs, given its input channels (a block with no convs passes its input through). */
export function blockOutputChannels(block: ConvBlockSpec, filters: number, inputChannels: number): number {
  return block.convs === 0 ? inputChannels : blockConvFilters(block, filters, block.convs - 1);
}

function convUnit(
  b: NetBuilder,
  x: number,
  block: ConvBlockSpec,
  filters: number,
  name: string,
  role: IrRole,
): number {
  const act = block.activation;
  const fused = fusableActivation(act);
  const hasNorm = block.norm.kind !== 'none';
  const conv = (input: number, activation: ReturnType<typeof fusableActivation>) =>
    b.conv(
      `${name.replace('#', 'conv')}`,
      input,
      {
        filters,
        kernel: block.kernel,
        strides: block.kernel.map(() => 1),
        dilation: block.dilation,
        padding: block.padding,
        useBias: block.bias,
        activation: activation ?? 'linear',
      },
      role,
      block.$path,
    );
  const actLayer = (input: number) =>
    act.kind === 'linear' ? input : b.activation(name.replace('#', 'act'), input, act, role);
  const normLayer = (input: number) => b.norm(name.replace('#', 'norm'), input, block.norm, role);

  switch (block.order) {
    case 'norm_act_conv':
      return conv(actLayer(normLayer(x)), 'linear');
    case 'conv_act_norm':
      return normLayer(fused ? conv(x, fused) : actLayer(conv(x, 'linear')));
    case 'conv_norm_act':
    default:
      if (!hasNorm && fused) return conv(x, fused);
      return actLayer(normLayer(conv(x, 'linear')));
  }
}

/**
 * Expands a conv block on `input`; returns the node holding its output. Layer ids are
 * `<prefix>_conv<k>`, `_norm<k>`, `_act<k>`, `_drop<k>` (per-conv dropout) or `_drop`, and for a
 * residual block `_proj` (1×1 projection), `_add` (with `_res_crop` in front for valid padding).
 */
export function expandConvBlock(
  b: NetBuilder,
  input: number,
  block: ConvBlockSpec,
  filters: number,
  prefix: string,
  role: IrRole,
): number {
  let x = input;
  for (let k = 0; k < block.convs; k++) {
    x = convUnit(b, x, block, blockConvFilters(block, filters, k), `${prefix}_#${k + 1}`, role);
    const d = block.dropout;
    if (d && d.rate > 0 && d.place === 'each_conv') {
      x = b.add({
        id: `${prefix}_drop${k + 1}`,
        attrs: { op: 'dropout', rate: d.rate, spatial: d.spatial },
        inputs: [x],
        channels: b.channels(x),
        role,
        origin: d.$path,
      });
    }
  }
  if (block.residual && block.convs > 0) x = residual(b, input, x, block, prefix, role);
  const d = block.dropout;
  if (d && d.rate > 0 && d.place === 'end') {
    x = b.add({
      id: `${prefix}_drop`,
      attrs: { op: 'dropout', rate: d.rate, spatial: d.spatial },
      inputs: [x],
      channels: b.channels(x),
      role,
      origin: d.$path,
    });
  }
  return x;
}

function residual(
  b: NetBuilder,
  input: number,
  main: number,
  block: ConvBlockSpec,
  prefix: string,
  role: IrRole,
): number {
  let shortcut = input;
  if (b.channels(input) !== b.channels(main)) {
    const ones = block.kernel.map(() => 1);
    shortcut = b.conv(
      `${prefix}_proj`,
      input,
      {
        filters: b.channels(main),
        kernel: ones,
        strides: ones,
        dilation: ones,
        padding: 'valid',
        useBias: block.bias,
        activation: 'linear',
      },
      role,
      block.$path,
    );
  }
  const align =
    block.padding === 'valid' ? ({ kind: 'crop_to', target: 1 } as const) : ({ kind: 'exact' } as const);
  return b.merge(`${prefix}_add`, 'add', [shortcut, main], align, role, block.$path, [`${prefix}_res_crop`]);
}

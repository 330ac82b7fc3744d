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

interface UnitOptions {
  /** Stride of this conv (the block's first conv may carry the level's down-sampling). */
  readonly strides: readonly number[];
  /** Conv only: no norm, no activation (the block's `last: conv`). */
  readonly plain: boolean;
  /** Leave the activation out; the caller applies it after the residual add. */
  readonly withoutActivation: boolean;
}

function convUnit(
  b: NetBuilder,
  x: number,
  block: ConvBlockSpec,
  filters: number,
  name: string,
  role: IrRole,
  o: UnitOptions,
): number {
  const act = block.activation;
  const skipAct = o.plain || o.withoutActivation;
  const fused = skipAct ? 'linear' : fusableActivation(act);
  const hasNorm = block.norm.kind !== 'none' && !o.plain;
  const conv = (input: number, activation: ReturnType<typeof fusableActivation>) =>
    b.conv(
      `${name.replace('#', 'conv')}`,
      input,
      {
        filters,
        kernel: block.kernel,
        strides: o.strides,
        dilation: block.dilation,
        padding: block.padding,
        useBias: block.bias,
        activation: activation ?? 'linear',
      },
      role,
      block.$path,
    );
  const actLayer = (input: number) =>
    act.kind === 'linear' || skipAct ? input : b.activation(name.replace('#', 'act'), input, act, role);
  const normLayer = (input: number) =>
    hasNorm ? b.norm(name.replace('#', 'norm'), input, block.norm, role) : input;

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

function dropoutLayer(b: NetBuilder, x: number, block: ConvBlockSpec, id: string, role: IrRole): number {
  const d = block.dropout;
  if (!d) return x;
  return b.add({
    id,
    attrs: { op: 'dropout', rate: d.rate, spatial: d.spatial },
    inputs: [x],
    channels: b.channels(x),
    role,
    origin: d.$path,
  });
}

/**
 * Expands a conv block on `input`; returns the node holding its output. Layer ids are
 * `<prefix>_conv<k>`, `_norm<k>`, `_act<k>`, `_drop<k>` (per-conv or between-conv dropout) or
 * `_drop`, and for a residual block `_proj` (projection) with `_proj_norm`, `_add` (with
 * `_res_crop` in front for valid padding) and `_add_act` (activation after the add).
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
  const ones = block.kernel.map(() => 1);
  const residual = block.residual && block.convs > 0;
  const actAfterAdd = residual && block.shortcut.activation === 'after_add';
  const place = block.dropout?.place;
  for (let k = 0; k < block.convs; k++) {
    const last = k === block.convs - 1;
    x = convUnit(b, x, block, blockConvFilters(block, filters, k), `${prefix}_#${k + 1}`, role, {
      strides: k === 0 ? block.stride : ones,
      plain: last && block.lastConvOnly,
      withoutActivation: last && actAfterAdd,
    });
    if (place === 'each_conv' || (place === 'between' && !last)) {
      x = dropoutLayer(b, x, block, `${prefix}_drop${k + 1}`, role);
    }
  }
  if (residual) {
    x = addShortcut(b, input, x, block, prefix, role);
    if (actAfterAdd && block.activation.kind !== 'linear' && !block.lastConvOnly) {
      x = b.activation(`${prefix}_add_act`, x, block.activation, role);
    }
  }
  if (place === 'end') x = dropoutLayer(b, x, block, `${prefix}_drop`, role);
  return x;
}

function addShortcut(
  b: NetBuilder,
  input: number,
  main: number,
  block: ConvBlockSpec,
  prefix: string,
  role: IrRole,
): number {
  let shortcut = input;
  const strided = block.stride.some((s) => s !== 1);
  if (b.channels(input) !== b.channels(main) || strided) {
    const ones = block.kernel.map(() => 1);
    const kernel = strided && block.shortcut.projection === 'block' ? block.kernel : ones;
    shortcut = b.conv(
      `${prefix}_proj`,
      input,
      {
        filters: b.channels(main),
        kernel,
        strides: block.stride,
        dilation: ones,
        // Same padding gives ⌈n / s⌉ like the strided main path (a 1×1 window pads nothing).
        padding: strided ? 'same' : 'valid',
        useBias: block.bias,
        activation: 'linear',
      },
      role,
      block.$path,
      // The block's own strided conv reports a size that does not tile; the shortcut would repeat it.
      true,
    );
    if (block.shortcut.norm) shortcut = b.norm(`${prefix}_proj_norm`, shortcut, block.norm, role);
  }
  const align =
    block.padding === 'valid' ? ({ kind: 'crop_to', target: 1 } as const) : ({ kind: 'exact' } as const);
  return b.merge(`${prefix}_add`, 'add', [shortcut, main], align, role, block.$path, [`${prefix}_res_crop`]);
}

import { skips } from '../../vocabulary/index.js';
import type { AttentionSpec, NormKind, SkipSpec } from '../model-spec.js';
import { describedCall, type DescribedCall } from './described-call.js';
import { oneOf, type Located, type NormalizeContext } from './context.js';
import { get, mergeCallLayers, type Merged } from './merge.js';

type Order = SkipSpec['order'];
const orders = skips.parameters['order']!.enum as readonly Order[];

function attention(ctx: NormalizeContext, merged: Merged, call: DescribedCall<'attention'>): AttentionSpec {
  const inter = get(merged, 'inter');
  const value = call.number('inter');
  if (value > 1 && !Number.isInteger(value)) ctx.report('NotInteger', inter.pointer, { key: 'inter', value });
  return {
    $path: merged.pointer,
    mode: call.word<AttentionSpec['mode']>('mode'),
    inter: value <= 1 ? { fraction: value } : { channels: Math.round(value) },
    norm: call.word<NormKind>('norm'),
  };
}

/**
 * `crop_concat` (the paper: centre-crop the encoder map, concatenate) | `concat` | `add` | `none` |
 * `attention(…)` | `nested` (U-Net++) | `full_scale(filters: 64)` (UNet 3+). The concatenation order
 * comes from the skip's own `order`, else `concat_order` (level, then network), else up-sampled first.
 */
export function normalizeSkip(
  ctx: NormalizeContext,
  layers: readonly Located[],
  concatOrders: readonly Located[],
): SkipSpec {
  const merged = mergeCallLayers(layers);
  const call = describedCall(ctx, merged, skips);
  const { kind } = call;
  let order = call.word<Order>('order');
  if (get(merged, 'order').value === undefined) {
    for (const loc of concatOrders) order = oneOf(loc.value, orders, order);
  }
  return {
    kind,
    $path: merged.pointer,
    order,
    ...(kind === 'attention' ? { attention: attention(ctx, merged, { ...call, kind }) } : {}),
    ...(get(merged, 'pad').value !== undefined && call.takes('pad')
      ? { pad: call.word<NonNullable<SkipSpec['pad']>>('pad') }
      : {}),
    ...(call.takes('filters') ? { scaleFilters: Math.round(call.number('filters')) } : {}),
  };
}

import type { AttentionSpec, SkipKind, SkipSpec } from '../model-spec.js';
import { checkApplicable } from './applicable.js';
import { numberOr, oneOf, type Located, type NormalizeContext } from './context.js';
import { get, mergeCallLayers, type Merged } from './merge.js';

const skipKinds: readonly SkipKind[] = [
  'crop_concat',
  'concat',
  'add',
  'none',
  'attention',
  'nested',
  'full_scale',
];

function attention(ctx: NormalizeContext, merged: Merged): AttentionSpec {
  const inter = get(merged, 'inter');
  const value = numberOr(inter.value, 0.5);
  if (value > 1 && !Number.isInteger(value)) ctx.report('NotInteger', inter.pointer, { key: 'inter', value });
  return {
    $path: merged.pointer,
    mode: oneOf(get(merged, 'mode').value, ['strided', 'same_resolution'] as const, 'strided'),
    inter: value <= 1 ? { fraction: value } : { channels: Math.round(value) },
    norm: oneOf(get(merged, 'norm').value, ['none', 'batch', 'instance', 'group'] as const, 'batch'),
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
  const kind = oneOf(get(merged, 'type').value, skipKinds, 'crop_concat');
  const accepted =
    kind === 'attention'
      ? ['mode', 'inter', 'norm', 'order']
      : kind === 'full_scale'
        ? ['filters', 'order']
        : kind === 'concat' || kind === 'crop_concat' || kind === 'nested'
          ? ['order', 'pad']
          : ['order'];
  checkApplicable(ctx, merged, kind, accepted, 'skip');
  let order = oneOf(get(merged, 'order').value, ['up_first', 'skip_first'] as const, 'up_first');
  if (get(merged, 'order').value === undefined) {
    for (const loc of concatOrders) order = oneOf(loc.value, ['up_first', 'skip_first'] as const, order);
  }
  return {
    kind,
    $path: merged.pointer,
    order,
    ...(kind === 'attention' ? { attention: attention(ctx, merged) } : {}),
    ...(get(merged, 'pad').value !== undefined && ['concat', 'crop_concat', 'nested'].includes(kind)
      ? { pad: oneOf(get(merged, 'pad').value, ['zero', 'replicate'] as const, 'zero') }
      : {}),
    ...(kind === 'full_scale'
      ? { scaleFilters: Math.round(numberOr(get(merged, 'filters').value, 64)) }
      : {}),
  };
}

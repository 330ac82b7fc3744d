import { activations, norms } from '../../vocabulary/index.js';
import type {
  ActivationKind,
  ActivationSpec,
  ConvBlockSpec,
  Dims,
  NormSpec,
  ShortcutSpec,
} from '../model-spec.js';
import { describedCall } from './described-call.js';
import { perAxis } from './axes.js';
import { boolOr, child, intOr, oneOf, type Located, type NormalizeContext } from './context.js';
import { get, mergeCallLayers, mergeLayers } from './merge.js';
import { normalizeDropout } from './dropout.js';
import { parseQuantity } from './units.js';

/** `relu`, `leaky_relu(0.01)`, `elu(alpha: 1)`; `none` (where allowed) → null. */
export function normalizeActivation(
  ctx: NormalizeContext,
  loc: Located,
  fallback: ActivationKind | 'none',
): ActivationSpec | null {
  const merged = mergeCallLayers([loc]);
  const kindValue = get(merged, 'type').value;
  if (kindValue === 'none' || (kindValue === undefined && fallback === 'none')) return null;
  const call = describedCall(ctx, merged, activations, fallback === 'none' ? 'relu' : fallback);
  const shared = call.takes('shared') && call.flag('shared');
  return {
    kind: call.kind,
    $path: loc.pointer,
    ...(call.takes('alpha') ? { alpha: call.number('alpha') } : {}),
    ...(shared ? { shared } : {}),
  };
}

/** `none` | `batch` | `instance(affine: false)` | `group(8)`, with each kind's usual epsilon. */
export function normalizeNorm(ctx: NormalizeContext, loc: Located): NormSpec {
  const call = describedCall(ctx, mergeCallLayers([loc]), norms);
  return {
    kind: call.kind,
    $path: loc.pointer,
    ...(call.takes('groups') ? { groups: call.integer('groups') } : {}),
    affine: call.flag('affine'),
    epsilon: call.number('epsilon'),
    momentum: call.number('momentum'),
  };
}

/** `residual: true` | `residual(projection: block, norm: true, activation: after_add)`. */
function normalizeResidual(loc: Located): { residual: boolean; shortcut: ShortcutSpec } {
  const shortcut: ShortcutSpec = { projection: 'one', norm: false, activation: 'before_add' };
  if (typeof loc.value === 'boolean') return { residual: loc.value, shortcut };
  if (loc.value === undefined || loc.value === null || typeof loc.value !== 'object')
    return { residual: false, shortcut };
  const merged = mergeLayers([loc]);
  return {
    residual: true,
    shortcut: {
      projection: oneOf(get(merged, 'projection').value, ['one', 'block'] as const, 'one'),
      norm: boolOr(get(merged, 'norm').value, false),
      activation: oneOf(get(merged, 'activation').value, ['before_add', 'after_add'] as const, 'before_add'),
    },
  };
}

/**
 * `filters: [50%, 100%]` → output channels per conv, percentages of the level's filters (Çiçek 2016:
 * the first conv of an encoder block has half the channels). One entry per conv.
 */
function convFilters(
  ctx: NormalizeContext,
  loc: Located,
  convs: number,
  levelFilters: number,
): number[] | undefined {
  if (!Array.isArray(loc.value)) return undefined;
  const counts = loc.value.map((v) => {
    const q = parseQuantity(v);
    if (!q) return levelFilters;
    return q.unit === '%' ? Math.max(1, Math.round((levelFilters * q.value) / 100)) : q.value;
  });
  if (counts.length !== convs) {
    ctx.report('WrongLength', loc.pointer, {
      key: 'filters',
      actual: counts.length,
      expected: `${convs} (one per conv of the block)`,
    });
    return undefined;
  }
  return counts;
}

/**
 * One conv block from its layers (network block, path block, level block, …; later wins, key by key)
 * and dropout overrides (`bottleneck { dropout }`, `level N { dropout }`, which win over the block's).
 * Defaults are the paper's: two 3×3 valid convs with ReLU, no normalisation, no dropout.
 */
export function normalizeBlock(
  ctx: NormalizeContext,
  dims: Dims,
  levelFilters: number,
  layers: readonly Located[],
  dropoutOverrides: readonly Located[] = [],
  stride: readonly number[] = Array.from({ length: dims }, () => 1),
): ConvBlockSpec {
  const merged = mergeLayers(layers);
  const dropout = normalizeDropout([...layers.map((l) => child(l, 'dropout')), ...dropoutOverrides]);
  const convs = intOr(get(merged, 'convs').value, 2);
  const filters = convFilters(ctx, get(merged, 'filters'), convs, levelFilters);
  return {
    $path: merged.pointer,
    convs,
    ...(filters ? { filters } : {}),
    kernel: perAxis(ctx, get(merged, 'kernel'), dims, 3),
    dilation: perAxis(ctx, get(merged, 'dilation'), dims, 1),
    padding: oneOf(get(merged, 'padding').value, ['valid', 'same'] as const, 'valid'),
    activation: normalizeActivation(ctx, get(merged, 'activation'), 'relu') ?? {
      kind: 'relu',
      $path: merged.pointer,
    },
    norm: normalizeNorm(ctx, get(merged, 'norm')),
    order: oneOf(
      get(merged, 'order').value,
      ['conv_norm_act', 'conv_act_norm', 'norm_act_conv'] as const,
      'conv_norm_act',
    ),
    bias: boolOr(get(merged, 'bias').value, true),
    dropout,
    ...normalizeResidual(get(merged, 'residual')),
    stride,
    lastConvOnly: oneOf(get(merged, 'last').value, ['unit', 'conv'] as const, 'unit') === 'conv',
    merge: oneOf(get(merged, 'merge').value, ['first', 'last'] as const, 'first'),
  };
}

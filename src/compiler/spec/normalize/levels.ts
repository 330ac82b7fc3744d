import { childPointer } from '../document.js';
import type { Dims, LevelSpec } from '../model-spec.js';
import { normalizeBlock } from './block.js';
import { asObject, child, intOr, numberOr, type Located, type NormalizeContext } from './context.js';
import { normalizeDown, normalizeUp } from './sampling.js';
import { normalizeSkip } from './skip.js';

/** The most filters a level may have (the schema's bound on a written count). */
const MAX_FILTERS = 65536;

/** Keys of `level N { }` that only exist above the bottleneck. */
const notAtBottleneck = ['down', 'up', 'skip', 'decoder', 'concat_order'];

/**
 * Filters per level: an explicit list, or base · growth^level (the paper: 64 · 2^level), capped at
 * `max_filters`; then `level N { filters }` and `bottleneck { filters }` override single levels.
 */
function levelFilters(
  ctx: NormalizeContext,
  net: Located,
  depth: number,
  levels: ReadonlyMap<number, Located>,
): number[] {
  const filters = child(net, 'filters');
  const growth = numberOr(child(net, 'growth').value, 2);
  const cap = child(net, 'max_filters').value;
  let result: number[];
  if (Array.isArray(filters.value)) {
    const list = filters.value.filter((v): v is number => typeof v === 'number');
    if (list.length !== depth + 1) {
      ctx.report('FiltersLength', filters.pointer, { actual: list.length, depth, expected: depth + 1 });
    }
    const last = list[list.length - 1] ?? 64;
    result = Array.from(
      { length: depth + 1 },
      (_, i) => list[i] ?? Math.round(last * growth ** (i - list.length + 1)),
    );
  } else {
    const base = intOr(filters.value, 64);
    result = Array.from({ length: depth + 1 }, (_, i) => Math.round(base * growth ** i));
  }
  if (typeof cap === 'number') result = result.map((f) => Math.min(f, cap));
  // Growth compounds: 64 · 16^10 is not a layer anyone can build. Same bound as a written count.
  const deepest = result.findIndex((f) => f > MAX_FILTERS);
  if (deepest >= 0) {
    ctx.report('TooLarge', filters.pointer, {
      key: `filters at level ${deepest}`,
      value: result[deepest]!,
      limit: MAX_FILTERS,
    });
    result = result.map((f) => Math.min(f, MAX_FILTERS));
  }
  for (const [level, loc] of levels) {
    const f = child(loc, 'filters').value;
    if (typeof f === 'number' && level <= depth) result[level] = f;
  }
  const bottleneck = child(child(net, 'bottleneck'), 'filters').value;
  if (typeof bottleneck === 'number') result[depth] = bottleneck;
  return result;
}

/** The written `level N { }` blocks, by level number; levels beyond the bottleneck are reported. */
function levelOverrides(ctx: NormalizeContext, net: Located, depth: number): Map<number, Located> {
  const levels = child(net, 'level');
  const result = new Map<number, Located>();
  for (const key of Object.keys(asObject(levels.value) ?? {})) {
    const level = Number(key);
    const loc = child(levels, key);
    if (!Number.isInteger(level)) continue;
    if (level > depth) {
      ctx.report('LevelOutOfRange', loc.pointer, { level, depth }, {}, 'key');
      continue;
    }
    if (level === depth) {
      for (const k of notAtBottleneck) {
        const c = child(loc, k);
        if (c.value !== undefined) {
          ctx.report(
            'NotApplicable',
            c.pointer,
            { key: k, kind: `level ${level} (the bottleneck)`, accepted: 'filters, block, encoder, dropout' },
            {},
            'key',
          );
        }
      }
    }
    result.set(level, loc);
  }
  return result;
}

/**
 * Resolves every level 0..depth from network-wide settings and overrides, most specific last:
 * encoder blocks layer `block`, `encoder.block`, (`bottleneck.block`), `level N.block`,
 * `level N.encoder.block`; decoder blocks likewise with `decoder`. Each object's `$path` is the most
 * specific place that was written, or where the network-wide default would be written.
 */
export function normalizeLevels(ctx: NormalizeContext, net: Located, dims: Dims, depth: number): LevelSpec[] {
  const overrides = levelOverrides(ctx, net, depth);
  const filters = levelFilters(ctx, net, depth, overrides);
  const block = child(net, 'block');
  const encoderBlock = child(child(net, 'encoder'), 'block');
  const decoderBlock = child(child(net, 'decoder'), 'block');
  const bottleneck = child(net, 'bottleneck');
  const levels: LevelSpec[] = [];
  const levelAt = (i: number): Located =>
    overrides.get(i) ?? { value: undefined, pointer: childPointer(childPointer(net.pointer, 'level'), i) };
  // Down-samplings first: `down: block(stride)` hands its stride to the next level's block.
  const downs = Array.from({ length: depth }, (_, i) =>
    normalizeDown(ctx, dims, [child(net, 'down'), child(levelAt(i), 'down')]),
  );
  for (let i = 0; i <= depth; i++) {
    const level = levelAt(i);
    const pointer = childPointer(childPointer(net.pointer, 'level'), i);
    const before = downs[i - 1];
    const stride = before?.kind === 'block' ? before.stride : undefined;
    const isBottleneck = i === depth;
    const encoderLayers = [
      block,
      encoderBlock,
      ...(isBottleneck ? [child(bottleneck, 'block')] : []),
      child(level, 'block'),
      child(child(level, 'encoder'), 'block'),
    ];
    const dropouts = [...(isBottleneck ? [child(bottleneck, 'dropout')] : []), child(level, 'dropout')];
    const decoder = isBottleneck
      ? null
      : normalizeBlock(ctx, dims, filters[i]!, [
          block,
          decoderBlock,
          child(level, 'block'),
          child(child(level, 'decoder'), 'block'),
        ]);
    levels.push({
      $path: pointer,
      level: i,
      filters: filters[i]!,
      encoder: normalizeBlock(ctx, dims, filters[i]!, encoderLayers, dropouts, stride),
      decoder,
      down: downs[i] ?? null,
      up: isBottleneck
        ? null
        : normalizeUp(ctx, dims, [child(net, 'up'), child(level, 'up')], decoder?.norm ?? null),
      skip: isBottleneck
        ? null
        : normalizeSkip(
            ctx,
            [child(net, 'skip'), child(level, 'skip')],
            [child(net, 'concat_order'), child(level, 'concat_order')],
          ),
    });
  }
  return levels;
}

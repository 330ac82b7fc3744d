import type { Range } from '../pipeline-spec.js';
import { keyOfPointer } from '../describe.js';
import type { Located, NormalizeContext } from './context.js';
import { catalogueText } from '../catalogue-text.js';
import { parseQuantity, parseRangeText } from './units.js';

/** A probability: `0.5` or `50%`, in [0, 1]. */
export function probability(ctx: NormalizeContext, loc: Located, fallback: number): number {
  const q = parseQuantity(loc.value);
  if (!q) return fallback;
  const value = q.unit === '%' ? q.value / 100 : q.value;
  if (value < 0 || value > 1) {
    ctx.report('ProbabilityRange', loc.pointer, { key: keyOfPointer(loc.pointer), value: String(loc.value) });
    return fallback;
  }
  return value;
}

/** A fraction in [0, 1): `0.2` or `20%` (a validation split of 100% would leave nothing to train on). */
export function fraction(ctx: NormalizeContext, loc: Located, fallback: number): number {
  const q = parseQuantity(loc.value);
  if (!q) return fallback;
  const value = q.unit === '%' ? q.value / 100 : q.value;
  if (q.unit === '%' && (value < 0 || value >= 1)) {
    ctx.report(
      'PercentOutOfRange',
      loc.pointer,
      { key: keyOfPointer(loc.pointer), value: String(loc.value) },
      {},
    );
    return fallback;
  }
  return value;
}

/** A length in pixels (`5px`, `2vx`); the schema has already demanded the unit. */
export function pixels(loc: Located, fallback: number): number {
  const q = parseQuantity(loc.value);
  return q && q.unit === 'px' ? q.value : fallback;
}

/**
 * A range `min..max` in the unit the schema demanded (its units are dropped here: degrees stay
 * degrees, pixels pixels). A range written backwards is reported with a fix that swaps it.
 */
export function range(
  ctx: NormalizeContext,
  loc: Located,
  fallback: Range,
  limits: { min?: number } = {},
): Range {
  const r = parseRangeText(loc.value);
  if (!r) return fallback;
  const min = r.min.value;
  const max = r.max.value;
  const text = String(loc.value);
  if (min > max) {
    const [a, b] = text.split('..');
    const suggestion = `${b}..${a}`;
    ctx.report(
      'ReversedRange',
      loc.pointer,
      { text, min, max, suggestion },
      {
        fix: {
          description: catalogueText('ReversedRange', 'fix', { suggestion }),
          edits: [{ span: ctx.spanOf(loc.pointer), text: suggestion }],
        },
      },
    );
    return fallback;
  }
  if (limits.min !== undefined && min < limits.min) {
    ctx.report('TooSmall', loc.pointer, { key: keyOfPointer(loc.pointer), value: min, limit: limits.min });
    return fallback;
  }
  return { min, max };
}

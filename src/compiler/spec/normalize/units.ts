import type { JsonValue } from '../document.js';

/**
 * Quantities as written (`10px`, `15deg`, `50%`, `-15deg..15deg`): parsing and the unit rules.
 * Angles are degrees, distances pixels (vx = px), probabilities and fractions in [0, 1].
 */
const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const QUANTITY = new RegExp(`^(${NUMBER})(px|vx|deg|%)?$`);

export interface Quantity {
  readonly value: number;
  /** '' for a bare number; 'vx' is read as 'px'. */
  readonly unit: '' | 'px' | 'deg' | '%';
}

export function parseQuantity(value: JsonValue | undefined): Quantity | undefined {
  if (typeof value === 'number') return { value, unit: '' };
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value.trim());
  if (!m) return undefined;
  const unit = m[2] === 'vx' ? 'px' : ((m[2] ?? '') as Quantity['unit']);
  return { value: Number(m[1]), unit };
}

export function parseRangeText(value: JsonValue | undefined): { min: Quantity; max: Quantity } | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split('..');
  if (parts.length !== 2) return undefined;
  const min = parseQuantity(parts[0]!);
  const max = parseQuantity(parts[1]!);
  return min && max ? { min, max } : undefined;
}

/** The unit a schema property demands (`x-unit` in schema/unetc.schema.json). */
export type UnitKind = 'px' | 'deg' | 'probability' | 'fraction' | 'px-range' | 'deg-range' | 'range';

export interface UnitProblem {
  readonly id: 'MissingUnit' | 'WrongUnit' | 'UnitNotAllowed';
  readonly suggestion: string;
  readonly args: Readonly<Record<string, string>>;
}

const unitWords: Readonly<Record<string, { what: string; unit: string; name: string }>> = {
  px: { what: 'distances', unit: 'px', name: 'pixels (px)' },
  deg: { what: 'angles', unit: 'deg', name: 'degrees (deg)' },
};

function fmt(n: number): string {
  return String(n);
}

/**
 * Why a value does not fit its unit, with the text that would: a bare `5` for a pixel length gets
 * "write 5px", `-15..15` for an angle range gets "write -15deg..15deg". Undefined when the value is
 * not a recognisable number or range at all (a plain format error instead).
 */
export function unitProblem(kind: UnitKind, value: JsonValue | undefined): UnitProblem | undefined {
  const base = kind.replace(/-range$/, '');
  const isRange = kind.endsWith('range');
  const want = unitWords[base];
  if (isRange) {
    const r =
      typeof value === 'number'
        ? {
            min: { value: -Math.abs(value), unit: '' as const },
            max: { value: Math.abs(value), unit: '' as const },
          }
        : parseRangeText(value);
    if (!r) return undefined;
    const suffix = want ? want.unit : '';
    const suggestion = `${fmt(r.min.value)}${suffix}..${fmt(r.max.value)}${suffix}`;
    const written = r.min.unit || r.max.unit;
    if (!want)
      return written ? { id: 'UnitNotAllowed', suggestion, args: { value: String(value) } } : undefined;
    if (
      !written ||
      (r.min.unit === '' && r.max.unit === want.unit) ||
      (r.max.unit === '' && r.min.unit === want.unit)
    )
      return { id: 'MissingUnit', suggestion, args: { what: want.what, unit: want.name } };
    return { id: 'WrongUnit', suggestion, args: { expected: want.name, unit: written } };
  }
  const q = parseQuantity(value);
  if (!q || !want) return undefined;
  const suggestion = `${fmt(q.value)}${want.unit}`;
  if (q.unit === '') return { id: 'MissingUnit', suggestion, args: { what: want.what, unit: want.name } };
  if (q.unit !== want.unit)
    return { id: 'WrongUnit', suggestion, args: { expected: want.name, unit: q.unit } };
  return undefined;
}

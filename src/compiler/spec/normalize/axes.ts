import type { Dims } from '../model-spec.js';
import type { Located, NormalizeContext } from './context.js';
import { keyOfPointer } from '../describe.js';

/**
 * A per-axis value: one number means the same on every spatial axis, a list gives one per axis in
 * input order ([H, W] or [D, H, W]). A list of the wrong length is reported and its first value used.
 */
export function perAxis(ctx: NormalizeContext, loc: Located, dims: Dims, fallback: number): number[] {
  const { value } = loc;
  if (typeof value === 'number' && Number.isFinite(value)) return Array.from({ length: dims }, () => value);
  if (Array.isArray(value)) {
    const numbers = value.filter((v): v is number => typeof v === 'number');
    if (numbers.length === dims && numbers.length === value.length) return numbers;
    if (numbers.length === value.length && numbers.length > 0) {
      ctx.report('WrongLength', loc.pointer, {
        key: keyOfPointer(loc.pointer),
        actual: numbers.length,
        expected: `${dims} (one per spatial axis of a ${dims}D input)`,
      });
    }
    return Array.from({ length: dims }, (_, i) => numbers[i] ?? numbers[0] ?? fallback);
  }
  return Array.from({ length: dims }, () => fallback);
}

/** Axis letters in input order: 2D [y, x], 3D [z, y, x]. */
export function axisNames(dims: Dims): readonly string[] {
  return dims === 2 ? ['y', 'x'] : ['z', 'y', 'x'];
}

import type { BorderMode } from '../../../compiler/spec/pipeline-spec.js';

/**
 * Map an integer index onto [0, n) the way the border mode extends the image:
 * 'mirror' reflects about the edge pixel without repeating it (… c b | a b c … , scipy 'mirror',
 * numpy 'reflect'; periodic with period 2(n − 1), so any distance works), 'edge' clamps,
 * 'zero' returns −1 (the caller reads 0).
 */
export function borderIndex(i: number, n: number, mode: BorderMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'zero') return -1;
  if (mode === 'edge' || n === 1) return i < 0 ? 0 : n - 1;
  const period = 2 * (n - 1);
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - m;
}

/** Table of borderIndex for i in [from, from + count): the hot loops index it instead of branching. */
export function borderTable(from: number, count: number, n: number, mode: BorderMode): Int32Array {
  const t = new Int32Array(count);
  for (let k = 0; k < count; k++) t[k] = borderIndex(from + k, n, mode);
  return t;
}

/** Python literals for generated code. */

/** A float or int literal; JavaScript's shortest round-trip form is valid Python too. */
export function pyNumber(n: number): string {
  if (n === Infinity) return "float('inf')";
  if (n === -Infinity) return "float('-inf')";
  return String(n);
}

/** `(a, b)` — a one-element tuple keeps its comma. */
export function pyTuple(values: readonly (number | string)[]): string {
  const parts = values.map((v) => (typeof v === 'number' ? pyNumber(v) : v));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** A string literal (ids and names are plain ASCII, but quote defensively). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/**
 * F.pad's argument from channels-first [before, after] pairs per spatial axis: F.pad lists the
 * last axis first.
 */
export function padArgument(pads: readonly (readonly [number, number])[]): string {
  return pyTuple([...pads].reverse().flatMap(([before, after]) => [before, after]));
}

export function assertNever(value: never, what: string): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}

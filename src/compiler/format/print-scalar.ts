import type { JsonValue } from '../spec/document.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUM = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** Strings the .unet lexer reads back as the same string when written bare: quantities and ranges. */
const BARE_STRING = new RegExp(
  `^(?:${NUM}(?:px|vx|deg|%)|${NUM}(?:px|vx|deg|%)?\\.\\.${NUM}(?:px|vx|deg|%)?)$`,
);

export function isIdentifier(text: string): boolean {
  return IDENTIFIER.test(text) && text !== 'true' && text !== 'false';
}

/** A key as .unet writes it: bare when it is a name, quoted otherwise. */
export function printKey(key: string): string {
  return isIdentifier(key) ? key : JSON.stringify(key);
}

/** A label of `level 3 { }`: a number, a name, or a quoted string. */
export function printLabel(label: string): string {
  return /^(0|[1-9][0-9]*)$/.test(label) ? label : printKey(label);
}

/**
 * Numbers print in the shorter of JavaScript's form and its exponent form (`3e-5`, not `0.00003`;
 * `0.5`, not `5e-1`; `1000`, not `1e3`), both of which the lexer reads back exactly.
 */
export function printNumber(value: number): string {
  if (Object.is(value, -0)) return '-0';
  const plain = String(value);
  const exponent = value.toExponential().replace('e+', 'e');
  // Only small fractions: `1000` reads better than `1e3` for counts like epochs.
  const small = value !== 0 && Math.abs(value) < 1e-3;
  return small && exponent.length < plain.length && Number(exponent) === value ? exponent : plain;
}

/** Strings: bare names (`relu`), bare quantities and ranges (`10px`, `0.9..1.1`), else quoted. */
export function printString(value: string): string {
  if (isIdentifier(value) || BARE_STRING.test(value)) return value;
  return JSON.stringify(value);
}

export function printScalar(value: JsonValue): string | undefined {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return printNumber(value);
  if (typeof value === 'string') return printString(value);
  return undefined;
}

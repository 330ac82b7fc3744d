import type { JsonValue } from './document.js';

/** A value's kind in words, for "must be X, not Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number')
    return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'a block';
  return typeof value;
}

const typeWords: Readonly<Record<string, string>> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a name or string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a block { … }',
  null: 'nothing',
};

export function describeType(type: string): string {
  return typeWords[type] ?? type;
}

/** The last key of a pointer, as the user wrote it ("/network/block/kernel" → "kernel", "/a/heads/2" → "heads[2]"). */
export function keyOfPointer(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts.length === 0) return 'spec';
  const last = parts[parts.length - 1]!;
  if (/^\d+$/.test(last) && parts.length >= 2) {
    const parent = parts[parts.length - 2]!;
    return parent === 'level' ? `level ${last}` : `${parent}[${last}]`;
  }
  return last;
}

/** Where a key sits, for "unknown key in X" messages: the enclosing key, or "the top level". */
export function placeOfPointer(pointer: string): string {
  return pointer === '' ? 'the top level' : `'${keyOfPointer(pointer)}'`;
}

export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { SourceFile, Span } from '../source.js';

/** The untyped spec document both surface forms (.unet text and YAML) produce: plain JSON. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A parsed spec before validation: its JSON value plus where every value and key was written.
 * `valueSpans` and `keySpans` are keyed by JSON pointer ("" = root, "/network/depth").
 */
export interface SpecDocument {
  readonly source: SourceFile;
  readonly format: 'unet' | 'yaml';
  readonly value: JsonValue;
  readonly valueSpans: ReadonlyMap<string, Span>;
  readonly keySpans: ReadonlyMap<string, Span>;
  /** Comment lines written before an entry, keyed by the entry's pointer; kept so `fmt` preserves them. */
  readonly comments: ReadonlyMap<string, readonly string[]>;
  /** A comment written after an entry on its last line, keyed by the entry's pointer (text after the `#`). */
  readonly trailingComments?: ReadonlyMap<string, string>;
  /** Comment lines after the last entry of a block, keyed by the block's pointer ("" = end of file). */
  readonly endComments?: ReadonlyMap<string, readonly string[]>;
  /** A comment after a block's `{` on the same line (`block {  # …`), keyed by the block entry's pointer. */
  readonly openComments?: ReadonlyMap<string, string>;
  /** Pointers whose written value the parser already reported as unusable; validation skips them. */
  readonly reported?: ReadonlySet<string>;
}

/** Escapes one pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${pointerSegment(key)}`;
}

/**
 * The span to report for a pointer: the value written there, else the nearest ancestor that was
 * written (a default has no text of its own, so the enclosing block is blamed).
 */
export function spanOfPointer(doc: SpecDocument, pointer: string, prefer: 'value' | 'key' = 'value'): Span {
  let p = pointer;
  for (;;) {
    const span = (prefer === 'key' ? doc.keySpans.get(p) : undefined) ?? doc.valueSpans.get(p);
    if (span) return span;
    if (p === '') return doc.source.startSpan;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

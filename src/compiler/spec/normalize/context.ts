import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import {
  makeDiagnostic,
  type DiagnosticExtras,
  type MessageArgs,
} from '../../diagnostics/make-diagnostic.js';
import type { MessageId } from '../../diagnostics/messages.js';
import { isJsonObject } from '../describe.js';
import { childPointer, spanOfPointer, type JsonValue, type SpecDocument } from '../document.js';

export type JsonObject = { [key: string]: JsonValue };

/** A value together with the pointer it was (or would have been) written at. */
export interface Located<T = JsonValue | undefined> {
  readonly value: T;
  readonly pointer: string;
}

/**
 * Shared state of one normalisation: the document, where diagnostics go, and which pointers the
 * schema already reported (normalisation never reports the same place twice).
 */
export class NormalizeContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly doc: SpecDocument,
    private readonly failed: ReadonlySet<string>,
  ) {}

  /** True if the schema already reported this pointer or one of its parents or children. */
  private alreadyReported(pointer: string): boolean {
    for (const f of this.failed) {
      if (f === pointer || pointer.startsWith(`${f}/`) || f.startsWith(`${pointer}/`)) return true;
    }
    for (const r of this.doc.reported ?? []) if (r === pointer || pointer.startsWith(`${r}/`)) return true;
    return false;
  }

  report(
    id: MessageId,
    pointer: string,
    args: MessageArgs = {},
    extras: DiagnosticExtras = {},
    prefer: 'value' | 'key' = 'value',
  ): void {
    if (this.alreadyReported(pointer)) return;
    this.diagnostics.push(makeDiagnostic(id, spanOfPointer(this.doc, pointer, prefer), args, extras));
  }

  spanOf(pointer: string, prefer: 'value' | 'key' = 'value') {
    return spanOfPointer(this.doc, pointer, prefer);
  }

  /** Whether a pointer was written in the document (not a default). */
  written(pointer: string): boolean {
    return this.doc.valueSpans.has(pointer);
  }
}

export function child(parent: Located, key: string): Located {
  const value =
    isJsonObject(parent.value) && Object.prototype.hasOwnProperty.call(parent.value, key)
      ? parent.value[key]
      : undefined;
  return { value, pointer: childPointer(parent.pointer, key) };
}

export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

export function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function intOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}

export function boolOr(value: JsonValue | undefined, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function oneOf<T extends string>(value: JsonValue | undefined, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

/** `maxpool` and `{type: maxpool, …}` read alike: the shorthand is a call without arguments. */
export function asCall(value: JsonValue | undefined): JsonObject | undefined {
  if (typeof value === 'string') return { type: value };
  return asObject(value);
}

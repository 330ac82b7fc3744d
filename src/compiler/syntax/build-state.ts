import type { CstNode, IToken } from 'chevrotain';
import type { ValueCstNode } from '../../../grammar/cst.generated.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { SourceFile, Span } from '../source.js';
import { catalogueText } from '../spec/catalogue-text.js';
import type { JsonValue } from '../spec/document.js';

export type JsonObject = { [key: string]: JsonValue };

/** Sets a key even when it is `__proto__`, which plain assignment would turn into a prototype change. */
export function setKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function has(target: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

export function first<T>(items: readonly T[] | undefined): T | undefined {
  return items?.[0];
}

/** A token read from the text, not one inserted by error recovery (those have no offset). */
export function realToken(token: IToken | undefined): token is IToken {
  return token !== undefined && Number.isFinite(token.startOffset) && token.isInsertedInRecovery !== true;
}

/**
 * What the CST → document builders share: the span maps being filled, the diagnostics, and the
 * value dispatcher that scalars, lists and calls recurse through.
 */
export abstract class BuildState {
  readonly valueSpans = new Map<string, Span>();
  readonly keySpans = new Map<string, Span>();
  /** Pointers whose value was reported here already (validation skips them). */
  readonly reported = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  /**
   * Above 0 while building values inside a list or call arguments: `fmt` prints those on one line,
   * so entries there are not offered as homes for comments (a comment there moves to the next entry).
   */
  inlineDepth = 0;

  /** Builds a value that `fmt` will print inline. */
  inline<T>(build: () => T): T {
    this.inlineDepth++;
    try {
      return build();
    } finally {
      this.inlineDepth--;
    }
  }

  constructor(readonly source: SourceFile) {}

  abstract value(node: ValueCstNode, pointer: string): JsonValue | undefined;

  span(start: number, end: number): Span {
    return this.source.span(start, end);
  }

  tokenSpan(token: IToken): Span {
    return this.span(token.startOffset, token.startOffset + token.image.length);
  }

  /** A CST node's span from its location (end inclusive in chevrotain), if recovery left one. */
  nodeSpan(node: CstNode): Span | undefined {
    const loc = node.location;
    if (!loc || !Number.isFinite(loc.startOffset) || !Number.isFinite(loc.endOffset ?? NaN)) return undefined;
    return this.span(loc.startOffset, (loc.endOffset ?? loc.startOffset) + 1);
  }

  /** Records the key's span, or reports a duplicate (blaming the second, pointing at the first). */
  claimKey(target: JsonObject, key: string, pointer: string, keySpan: Span): boolean {
    if (has(target, key)) {
      this.duplicate(key, keySpan, pointer);
      return false;
    }
    this.keySpans.set(pointer, keySpan);
    return true;
  }

  duplicate(key: string, span: Span, pointer: string): void {
    const firstSpan = this.keySpans.get(pointer) ?? this.valueSpans.get(pointer);
    this.diagnostics.push(
      makeDiagnostic(
        'DuplicateKey',
        span,
        { key },
        firstSpan
          ? { related: [{ span: firstSpan, message: catalogueText('DuplicateKey', 'related', { key }) }] }
          : {},
      ),
    );
  }
}

import type { IToken } from 'chevrotain';
import type { ScalarCstNode } from '../../../grammar/cst.generated.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { Span } from '../source.js';
import { childPointer, type JsonValue } from '../spec/document.js';
import { first, realToken, type BuildState } from './build-state.js';
import { decodeString, shapeParts, trailingUnit } from './literals.js';

/** number → number, shape → number list, string → decoded text, quantity and range → their text. */
export function buildScalar(state: BuildState, node: ScalarCstNode, pointer: string): JsonValue | undefined {
  const c = node.children;
  const token =
    first(c.NumberLiteral) ??
    first(c.Quantity) ??
    first(c.BadQuantity) ??
    first(c.Shape) ??
    first(c.Range) ??
    first(c.StringLiteral) ??
    first(c.True) ??
    first(c.False);
  if (!realToken(token)) return undefined;
  const span = state.tokenSpan(token);
  state.valueSpans.set(pointer, span);
  if (c.NumberLiteral) return buildNumber(state, token.image, span, pointer);
  if (c.True) return true;
  if (c.False) return false;
  if (c.Shape) return buildShape(state, token, pointer);
  if (c.StringLiteral) return buildString(state, token, span);
  if (c.BadQuantity) {
    state.reported.add(pointer);
    state.diagnostics.push(
      makeDiagnostic('UnknownUnit', span, { unit: trailingUnit(token.image), text: token.image }),
    );
  }
  return token.image;
}

function buildNumber(state: BuildState, image: string, span: Span, pointer: string): JsonValue {
  const value = Number(image);
  if (Number.isFinite(value)) return value;
  state.reported.add(pointer);
  state.diagnostics.push(makeDiagnostic('NumberTooLarge', span, { text: image }));
  return null;
}

/** `572 x 572 x 1` → [572, 572, 1], each number with its own span. */
function buildShape(state: BuildState, token: IToken, pointer: string): JsonValue {
  return shapeParts(token.image).map((part, index) => {
    const start = token.startOffset + part.offset;
    const span = state.span(start, start + part.length);
    const itemPointer = childPointer(pointer, index);
    state.valueSpans.set(itemPointer, span);
    return Number.isFinite(part.value)
      ? part.value
      : buildNumber(state, token.image.slice(part.offset, part.offset + part.length), span, itemPointer);
  });
}

function buildString(state: BuildState, token: IToken, span: Span): string {
  const { value, badEscapes } = decodeString(token.image);
  for (const escape of badEscapes) {
    const at = span.start + 1 + escape.offset - 1;
    state.diagnostics.push(makeDiagnostic('InvalidEscape', state.span(at, at + 2), { char: escape.char }));
  }
  return value;
}

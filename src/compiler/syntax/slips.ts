import type { IToken } from 'chevrotain';
import { tokenMatcher } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { SourceFile } from '../source.js';
import { alternativeHint, catalogueText } from '../spec/catalogue-text.js';
import {
  Colon,
  Comma,
  Equals,
  Identifier,
  LBracket,
  LParen,
  RBracket,
  RParen,
  StringLiteral,
} from './tokens.js';

/**
 * Common slips from other config languages, recognised so that each gets one precise diagnostic
 * (with a fix where it is certain) instead of a cascade of generic syntax errors.
 */

function lineOf(source: SourceFile, token: IToken): number {
  return source.positionAt(token.startOffset).line;
}

/** `depth = 4` (TOML, INI): reported once, with a fix, then read as `depth: 4`. */
export function readEqualsAsColon(
  source: SourceFile,
  tokens: readonly IToken[],
  diagnostics: Diagnostic[],
): void {
  for (const token of tokens) {
    if (!tokenMatcher(token, Equals)) continue;
    const span = source.span(token.startOffset, token.startOffset + token.image.length);
    const args = { text: token.image };
    diagnostics.push(
      makeDiagnostic('UnexpectedCharacter', span, args, {
        ...(alternativeHint('UnexpectedCharacter', 'equals')
          ? { hint: alternativeHint('UnexpectedCharacter', 'equals')! }
          : {}),
        fix: { description: catalogueText('UnexpectedCharacter', 'fix', args), edits: [{ span, text: ':' }] },
      }),
    );
    token.tokenType = Colon;
    token.tokenTypeIdx = Colon.tokenTypeIdx!;
  }
}

/**
 * YAML nesting in a .unet file: `network:` then `depth: 4` on the next line parses as
 * `network: depth` followed by a stray `:`. Recognised at that stray colon (tokens[index]);
 * reported at the key whose block was meant.
 */
export function yamlStyleBlock(
  source: SourceFile,
  tokens: readonly IToken[],
  index: number,
): Diagnostic | undefined {
  const [key, colon, value, stray] = [tokens[index - 3], tokens[index - 2], tokens[index - 1], tokens[index]];
  if (!key || !colon || !value || !stray) return undefined;
  const isKey = tokenMatcher(key, Identifier) || tokenMatcher(key, StringLiteral);
  if (
    !isKey ||
    !tokenMatcher(colon, Colon) ||
    !tokenMatcher(value, Identifier) ||
    !tokenMatcher(stray, Colon)
  )
    return undefined;
  if (lineOf(source, value) <= lineOf(source, colon)) return undefined;
  const args = { expected: "'{'", found: "':'", key: key.image, insert: '' };
  const hint = alternativeHint('UnexpectedToken', 'yamlStyle');
  return makeDiagnostic(
    'UnexpectedToken',
    source.span(colon.startOffset, colon.startOffset + 1),
    args,
    hint ? { hint } : {},
  );
}

/**
 * `kernel: (1, 2, 2)` (Python's tuple): reported once at the `(`, with a fix that swaps both
 * brackets, then read as the list `[1, 2, 2]`, so no cascade of positional-argument and
 * unclosed-bracket errors follows. A `(` right after a name is a call and stays one.
 */
export function readTupleAsList(
  source: SourceFile,
  tokens: readonly IToken[],
  diagnostics: Diagnostic[],
): void {
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    const before = tokens[i - 1];
    if (!tokenMatcher(open, LParen) || !before) continue;
    if (!tokenMatcher(before, Colon) && !tokenMatcher(before, Comma) && !tokenMatcher(before, LBracket))
      continue;
    const close = matchingParen(tokens, i);
    if (close === undefined) continue;
    const openSpan = source.span(open.startOffset, open.startOffset + 1);
    const closeToken = tokens[close]!;
    const closeSpan = source.span(closeToken.startOffset, closeToken.startOffset + 1);
    diagnostics.push(
      makeDiagnostic(
        'TupleAsList',
        openSpan,
        { text: shorten(source.text.slice(open.startOffset, closeToken.startOffset + 1)) },
        {
          fix: {
            description: catalogueText('TupleAsList', 'fix', {}),
            edits: [
              { span: openSpan, text: '[' },
              { span: closeSpan, text: ']' },
            ],
          },
        },
      ),
    );
    for (const [token, type] of [
      [open, LBracket],
      [closeToken, RBracket],
    ] as const) {
      token.tokenType = type;
      token.tokenTypeIdx = type.tokenTypeIdx!;
    }
  }
}

/** Index of the `)` that closes tokens[open], or undefined (nested brackets counted). */
function matchingParen(tokens: readonly IToken[], open: number): number | undefined {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (tokenMatcher(t, LParen)) depth++;
    else if (tokenMatcher(t, RParen) && --depth === 0) return j;
  }
  return undefined;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

import { EOF, tokenMatcher, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic, type DiagnosticExtras } from '../diagnostics/make-diagnostic.js';
import type { SourceFile, Span } from '../source.js';
import { unetParser } from './parser.js';
import {
  Identifier,
  NumberLiteral,
  Quantity,
  Range,
  Shape,
  LBracket,
  LCurly,
  LParen,
  RBracket,
  RCurly,
  RParen,
  StringLiteral,
  UnterminatedString,
  unetLexer,
} from './tokens.js';

export interface ParseResult {
  /** One file CST per parsed stretch: after stray top-level text the parser resumes at the next key. */
  readonly csts: readonly CstNode[];
  /** Comment tokens, in source order (the parser never sees them). */
  readonly comments: readonly IToken[];
  readonly diagnostics: Diagnostic[];
}

/** Syntax errors past this many are summarised: a binary file must not produce a million lines. */
const MAX_SYNTAX_ERRORS = 50;

const closerOf = new Map([
  [LCurly, RCurly],
  [LBracket, RBracket],
  [LParen, RParen],
]);

/** A token's span; a token inserted by error recovery (no offset) is anchored after the previous one. */
export function tokenSpan(source: SourceFile, token: IToken, previous?: IToken): Span {
  if (Number.isFinite(token.startOffset) && token.tokenType !== EOF) {
    return source.span(token.startOffset, token.startOffset + token.image.length);
  }
  const at =
    previous && Number.isFinite(previous.startOffset)
      ? previous.startOffset + previous.image.length
      : source.text.length;
  return source.span(at, at);
}

/** The innermost opener left unclosed at the end of the tokens, if any. */
function unclosedOpener(tokens: readonly IToken[]): IToken | undefined {
  const stack: IToken[] = [];
  for (const token of tokens) {
    if (closerOf.has(token.tokenType)) stack.push(token);
    else if (stack.length > 0 && closerOf.get(stack[stack.length - 1]!.tokenType) === token.tokenType)
      stack.pop();
  }
  return stack[stack.length - 1];
}

function describeFound(token: IToken): string {
  if (token.tokenType === EOF || !Number.isFinite(token.startOffset)) return 'the end of the file';
  return `'${token.image.length > 30 ? `${token.image.slice(0, 30)}…` : token.image}'`;
}

function parserDiagnostic(
  source: SourceFile,
  tokens: readonly IToken[],
  error: IRecognitionException,
): Diagnostic {
  const token = error.token;
  const atEnd = token.tokenType === EOF || !Number.isFinite(token.startOffset);
  const opener = atEnd ? unclosedOpener(tokens) : undefined;
  if (opener) {
    const close = closerOf.get(opener.tokenType)!.LABEL ?? '';
    return makeDiagnostic('UnclosedBlock', tokenSpan(source, opener), {
      open: opener.image,
      close: close.replace(/'/g, ''),
    });
  }
  const index = tokens.indexOf(token);
  const previous = atEnd ? tokens[tokens.length - 1] : index > 0 ? tokens[index - 1] : undefined;
  const span = tokenSpan(source, token, previous);
  const found = describeFound(token);
  const extras = insertionFix(source, tokens.slice(0, Math.max(index, 0)), error.message, token, previous);
  const open = extras.related ? unclosedOpener(tokens.slice(0, Math.max(index, 0))) : undefined;
  if (open)
    return makeDiagnostic('MissingCloser', span, { close: error.message, open: open.image, found }, extras);
  return makeDiagnostic('UnexpectedToken', span, { expected: error.message, found }, extras);
}

const valueStarts = new Set([NumberLiteral, Quantity, Shape, Range, StringLiteral, LBracket]);

/**
 * The two slips worth a machine fix: a call or list left open (`maxpool(2` → insert ')' after the
 * last argument; related: where it was opened) and a missing ':' (`depth 4` → `depth: 4`).
 */
function insertionFix(
  source: SourceFile,
  before: readonly IToken[],
  expected: string,
  found: IToken,
  previous: IToken | undefined,
): DiagnosticExtras {
  if (!previous || !Number.isFinite(previous.startOffset)) return {};
  const at = previous.startOffset + previous.image.length;
  const insert = (text: string): DiagnosticExtras['fix'] => ({
    description: `Insert '${text.trim()}'`,
    edits: [{ span: source.span(at, at), text }],
  });
  const closer = [...closerOf.values()].find((c) => c.LABEL === expected);
  if (closer) {
    const opener = unclosedOpener(before);
    return {
      fix: insert(expected.replace(/'/g, '')),
      ...(opener
        ? { related: [{ span: tokenSpan(source, opener), message: `'${opener.image}' opened here` }] }
        : {}),
    };
  }
  if (expected.startsWith("':'") && valueStarts.has(found.tokenType) && tokenMatcher(previous, Identifier)) {
    return { fix: insert(':') };
  }
  return {};
}

/**
 * Text → CST with every lexer and parser error as a UNC1xxx diagnostic. The parser recovers
 * (single-token insertion/deletion, re-sync at entries), so one run reports several errors and the
 * CST is still built for the rest of the file.
 */
export function parseUnet(source: SourceFile): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lexed = unetLexer.tokenize(source.text);
  for (const error of lexed.errors) {
    const text = source.text.slice(error.offset, error.offset + error.length);
    diagnostics.push(
      makeDiagnostic('UnexpectedCharacter', source.span(error.offset, error.offset + error.length), {
        text: text.length > 20 ? `${text.slice(0, 20)}…` : text,
      }),
    );
  }
  for (const token of lexed.tokens) {
    if (tokenMatcher(token, UnterminatedString)) {
      diagnostics.push(makeDiagnostic('UnterminatedString', tokenSpan(source, token)));
      // Read it as a string from here to the end of the line, so the rest of the file parses normally.
      token.tokenType = StringLiteral;
      token.tokenTypeIdx = StringLiteral.tokenTypeIdx!;
    }
  }
  const csts = parseStretches(source, lexed.tokens, diagnostics);
  const comments = lexed.groups['comments'] ?? [];
  return { csts, comments, diagnostics: capSyntaxErrors(source, diagnostics) };
}

/** An error at top level where the parser wanted the end of the file: a stray `}` or a value without a key. */
function isStrayAtTopLevel(error: IRecognitionException): boolean {
  return error.message === 'EOF' && error.token.tokenType !== EOF;
}

/**
 * Chevrotain re-syncs inside blocks and between top-level entries, but it can stop early at
 * top-level text that cannot start an entry, and the rest of the file would be lost. So parse in
 * stretches: when a stretch ends before the tokens do, resume at the next token that can start an
 * entry, and keep every stretch's CST.
 */
function parseStretches(source: SourceFile, tokens: readonly IToken[], diagnostics: Diagnostic[]): CstNode[] {
  const csts: CstNode[] = [];
  let start = 0;
  for (let pass = 0; pass < MAX_SYNTAX_ERRORS && start < tokens.length; pass++) {
    const stretch = tokens.slice(start);
    unetParser.input = stretch;
    const cst = unetParser.file();
    csts.push(cst);
    let reached = cst.location?.endOffset ?? -1;
    if (!Number.isFinite(reached)) reached = -1;
    for (const error of unetParser.errors) {
      if (isStrayAtTopLevel(error)) {
        reached = Math.max(reached, error.token.startOffset);
        diagnostics.push(
          makeDiagnostic('UnexpectedToken', tokenSpan(source, error.token), {
            expected: 'a key (entries are `key: value` or `key { … }`)',
            found: describeFound(error.token),
          }),
        );
      } else diagnostics.push(parserDiagnostic(source, stretch, error));
    }
    let next = start;
    while (next < tokens.length && tokens[next]!.startOffset <= reached) next++;
    while (
      next < tokens.length &&
      !tokenMatcher(tokens[next]!, Identifier) &&
      !tokenMatcher(tokens[next]!, StringLiteral)
    )
      next++;
    if (next <= start || next >= tokens.length) break;
    start = next;
  }
  return csts;
}

function capSyntaxErrors(source: SourceFile, diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_SYNTAX_ERRORS) return diagnostics;
  const shown = diagnostics.slice(0, MAX_SYNTAX_ERRORS);
  const last = shown[shown.length - 1]!.span;
  shown.push(
    makeDiagnostic('TooManyErrors', source.span(last.end, last.end), {
      count: diagnostics.length,
      shown: MAX_SYNTAX_ERRORS,
    }),
  );
  return shown;
}

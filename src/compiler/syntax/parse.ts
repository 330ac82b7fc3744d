import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import { EOF, tokenMatcher } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic, type DiagnosticExtras } from '../diagnostics/make-diagnostic.js';
import type { SourceFile, Span } from '../source.js';
import { catalogueText } from '../spec/catalogue-text.js';
import { unetParser } from './parser.js';
import { readEqualsAsColon, readTupleAsList, yamlStyleBlock } from './slips.js';
import { capSyntaxErrors } from './text-checks.js';
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
  indexOf: ReadonlyMap<IToken, number>,
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
  const index = indexOf.get(token) ?? -1;
  const yamlStyle = yamlStyleBlock(source, tokens, index);
  if (yamlStyle) return yamlStyle;
  const previous = atEnd ? tokens[tokens.length - 1] : index > 0 ? tokens[index - 1] : undefined;
  const span = tokenSpan(source, token, previous);
  const found = describeFound(token);
  const insertAt =
    previous && Number.isFinite(previous.startOffset)
      ? previous.startOffset + previous.image.length
      : undefined;
  const insert = (text: string, description: string): DiagnosticExtras['fix'] => ({
    description,
    edits: [{ span: source.span(insertAt!, insertAt!), text }],
  });
  // A call or list left open (`maxpool(2` then `}`): insert the closer after the last argument.
  const open = [...closerOf.values()].some((c) => c.LABEL === error.message)
    ? unclosedOpener(tokens.slice(0, Math.max(index, 0)))
    : undefined;
  if (open && insertAt !== undefined) {
    const args = { close: error.message, open: open.image, found };
    return makeDiagnostic('MissingCloser', span, args, {
      fix: insert(error.message.replace(/'/g, ''), catalogueText('MissingCloser', 'fix', args)),
      related: [{ span: tokenSpan(source, open), message: catalogueText('MissingCloser', 'related', args) }],
    });
  }
  // A missing ':' (`depth 4`): insert it after the key.
  const missingColon =
    insertAt !== undefined &&
    error.message.startsWith("':'") &&
    valueStarts.has(token.tokenType) &&
    previous !== undefined &&
    tokenMatcher(previous, Identifier);
  const args = { expected: error.message, found, insert: ':' };
  return makeDiagnostic(
    'UnexpectedToken',
    span,
    args,
    missingColon ? { fix: insert(':', catalogueText('UnexpectedToken', 'fix', args)) } : {},
  );
}

const valueStarts = new Set([NumberLiteral, Quantity, Shape, Range, StringLiteral, LBracket]);

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
  readEqualsAsColon(source, lexed.tokens, diagnostics);
  readTupleAsList(source, lexed.tokens, diagnostics);
  // Past the last reportable lexer error the text is garbage: parsing it (with recovery) would cost
  // seconds for errors nobody sees.
  const lastReported = lexed.errors[MAX_SYNTAX_ERRORS - 1];
  const tokens = lastReported
    ? lexed.tokens.filter((t) => t.startOffset < lastReported.offset)
    : lexed.tokens;
  const csts = parseStretches(source, tokens, diagnostics);
  const comments = lexed.groups['comments'] ?? [];
  return { csts, comments, diagnostics: capSyntaxErrors(source, diagnostics, MAX_SYNTAX_ERRORS) };
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
    // Errors are many only in garbage; an index keeps each one O(1) to place.
    const indexOf = new Map(stretch.map((token, i) => [token, i]));
    csts.push(cst);
    let reached = cst.location?.endOffset ?? -1;
    if (!Number.isFinite(reached)) reached = -1;
    for (const error of unetParser.errors) {
      if (isStrayAtTopLevel(error)) {
        reached = Math.max(reached, error.token.startOffset);
        diagnostics.push(
          yamlStyleBlock(source, stretch, indexOf.get(error.token) ?? -1) ??
            makeDiagnostic('UnexpectedToken', tokenSpan(source, error.token), {
              expected: 'a key (entries are `key: value` or `key { … }`)',
              found: describeFound(error.token),
            }),
        );
      } else diagnostics.push(parserDiagnostic(source, stretch, indexOf, error));
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

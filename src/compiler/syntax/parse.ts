import { EOF, tokenMatcher, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { SourceFile, Span } from '../source.js';
import { unetParser } from './parser.js';
import { LBracket, LCurly, LParen, RBracket, RCurly, RParen, StringLiteral, UnterminatedString, unetLexer } from './tokens.js';

export interface ParseResult {
  readonly cst: CstNode;
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
  const at = previous && Number.isFinite(previous.startOffset) ? previous.startOffset + previous.image.length : source.text.length;
  return source.span(at, at);
}

/** The innermost opener left unclosed at the end of the tokens, if any. */
function unclosedOpener(tokens: readonly IToken[]): IToken | undefined {
  const stack: IToken[] = [];
  for (const token of tokens) {
    if (closerOf.has(token.tokenType)) stack.push(token);
    else if (stack.length > 0 && closerOf.get(stack[stack.length - 1]!.tokenType) === token.tokenType) stack.pop();
  }
  return stack[stack.length - 1];
}

function describeFound(token: IToken): string {
  if (token.tokenType === EOF || !Number.isFinite(token.startOffset)) return 'the end of the file';
  return `'${token.image.length > 30 ? `${token.image.slice(0, 30)}…` : token.image}'`;
}

function parserDiagnostic(source: SourceFile, tokens: readonly IToken[], error: IRecognitionException): Diagnostic {
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
  const previous = atEnd ? tokens[tokens.length - 1] : undefined;
  return makeDiagnostic('UnexpectedToken', tokenSpan(source, token, previous), {
    expected: error.message,
    found: describeFound(token),
  });
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
  unetParser.input = lexed.tokens;
  const cst = unetParser.file();
  for (const error of unetParser.errors) diagnostics.push(parserDiagnostic(source, lexed.tokens, error));
  const comments = lexed.groups['comments'] ?? [];
  return { cst, comments, diagnostics: capSyntaxErrors(source, diagnostics) };
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

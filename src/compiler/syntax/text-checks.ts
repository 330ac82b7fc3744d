import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { SourceFile } from '../source.js';

/** Control characters that never appear in a text spec (tab, line breaks, form feed and escape excluded), and U+FFFD. */
function isBinaryChar(code: number): boolean {
  return (
    (code < 0x20 &&
      code !== 0x09 &&
      code !== 0x0a &&
      code !== 0x0b &&
      code !== 0x0c &&
      code !== 0x0d &&
      code !== 0x1b) ||
    code === 0xfffd
  );
}

/**
 * Refuses files that are not text (a PNG passed by mistake) before lexing them into thousands of
 * errors. One stray control character is reported by the lexer instead; this looks for a NUL, or
 * a start full of control bytes (or U+FFFD from undecodable bytes).
 */
export function binaryContent(source: SourceFile): Diagnostic | undefined {
  const text = source.text;
  const nul = text.indexOf('\u0000');
  const sample = text.slice(0, 2048);
  let odd = 0;
  let firstOdd = -1;
  for (let i = 0; i < sample.length; i++) {
    if (isBinaryChar(sample.charCodeAt(i))) {
      odd++;
      if (firstOdd < 0) firstOdd = i;
    }
  }
  const at = nul >= 0 ? nul : odd > 8 && odd * 20 > sample.length ? firstOdd : -1;
  if (at < 0) return undefined;
  const code = text.charCodeAt(at);
  return makeDiagnostic('BinaryFile', source.span(at, at + 1), {
    file: source.fileName,
    byte: code.toString(16).padStart(2, '0'),
    offset: at,
  });
}

/** Shipped specs are 1–3 KB; 256 KiB is a hundred times that. */
export const MAX_SPEC_CHARS = 256 * 1024;

/** Text past MAX_SPEC_CHARS is refused before parsing: parsers, not just checks, must stay quick. */
export function tooLarge(source: SourceFile): Diagnostic | undefined {
  if (source.text.length <= MAX_SPEC_CHARS) return undefined;
  return makeDiagnostic('SpecTooLarge', source.startSpan, {
    size: Math.round(source.text.length / 1024),
    max: MAX_SPEC_CHARS / 1024,
  });
}

/** An empty spec is almost certainly a mistake (a wrong path, an unsaved file). */
export function emptySpec(source: SourceFile): Diagnostic {
  return makeDiagnostic('EmptySpec', source.startSpan, { file: source.fileName });
}

/** Errors past `max` are summarised by one UNC1009: garbage must not produce a million lines. */
export function capSyntaxErrors(
  source: SourceFile,
  diagnostics: Diagnostic[],
  max: number,
  /** Diagnostics already dropped uncounted by the caller. */
  dropped = 0,
): Diagnostic[] {
  if (diagnostics.length + dropped <= max) return diagnostics;
  const shown = diagnostics.slice(0, max);
  const last = shown[shown.length - 1]!.span;
  shown.push(
    makeDiagnostic('TooManyErrors', source.span(last.end, last.end), {
      count: diagnostics.length + dropped,
      shown: max,
    }),
  );
  return shown;
}

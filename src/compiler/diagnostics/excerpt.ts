import { unsafeMultiLine } from '../../common/escape-control.js';
import type { SourceFile, Span } from '../source.js';

/** At most this many lines of a multi-line span are echoed; the rest is elided. */
const maxEchoedLines = 4;
/** Longer lines (minified JSON, binary garbage) are cut to a window around the span. */
const maxEchoedColumns = 120;
/** How much of the line before the span the window keeps. */
const contextBefore = 40;

export interface ExcerptLine {
  readonly line: number;
  readonly text: string;
  /** Spaces (tabs copied from the source, so columns line up) then `~` under the span, or `^` for an empty span. */
  readonly underline: string;
}

/**
 * The source lines a span covers, each with the marks to print under it (tsc's baselines and
 * pretty output). Pure: the renderers decide on gutters and colours.
 */
export function excerptLines(source: SourceFile, span: Span): { lines: ExcerptLine[]; elided: number } {
  const first = source.positionAt(span.start).line;
  const last = Math.max(first, source.positionAt(Math.max(span.start, span.end - 1)).line);
  const lines: ExcerptLine[] = [];
  for (let line = first; line <= Math.min(last, first + maxEchoedLines - 1); line++) {
    const clipped = clipToWindow(source.lineText(line), underlineOn(source, line, span));
    lines.push({ line, text: printable(clipped.text), underline: clipped.underline });
  }
  return { lines, elided: Math.max(0, last - first + 1 - maxEchoedLines) };
}

/** The marks under one line of a span: columns are UTF-16 units, like every offset in unetc. */
export function underlineOn(source: SourceFile, line: number, span: Span): string {
  const lineStart = source.lineStarts[line - 1] ?? source.text.length;
  const text = source.lineText(line);
  const from = Math.max(0, Math.min(span.start - lineStart, text.length));
  const to = Math.max(from, Math.min(span.end - lineStart, text.length));
  const indent = text.slice(0, from).replace(/[^\t]/g, ' ');
  return to > from ? indent + '~'.repeat(to - from) : `${indent}^`;
}

/**
 * Cuts a long line and its underline to the same window around the first mark, with `…` where
 * text was cut, so a one-line 1 MB file still prints one short excerpt per diagnostic.
 */
export function clipToWindow(text: string, underline: string): { text: string; underline: string } {
  if (text.length <= maxEchoedColumns) return { text, underline };
  const mark = underline.search(/[~^]/);
  const from = Math.max(0, Math.min(mark - contextBefore, text.length - maxEchoedColumns));
  const to = from + maxEchoedColumns;
  const before = from > 0 ? '…' : '';
  const after = to < text.length ? '…' : '';
  const marks = underline.slice(from, to);
  return {
    text: before + text.slice(from, to) + after,
    underline: (before ? ' ' : '') + marks + (after && underline.length > to ? '~' : ''),
  };
}

/** Control characters (binary garbage, a hostile ESC or bidi override) would corrupt a terminal or a golden file; one-for-one, so columns hold. */
export function printable(line: string): string {
  return line.replace(unsafeMultiLine, '\ufffd');
}

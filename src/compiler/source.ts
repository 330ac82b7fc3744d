/**
 * A source file and the mapping from UTF-16 offsets to 1-based line/column positions.
 * Spans are offsets (end exclusive); line/column are derived only when rendering.
 */
export interface Span {
  readonly file: string;
  /** UTF-16 offset of the first character. */
  readonly start: number;
  /** UTF-16 offset one past the last character. */
  readonly end: number;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

export class SourceFile {
  readonly lineStarts: readonly number[];

  constructor(
    readonly fileName: string,
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  /** Binary search over line starts: O(log lines). */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo]! + 1 };
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** Clamped to the text, so a span never leaves its file (the yaml library reports errors at `length + 1`). */
  span(start: number, end: number): Span {
    const s = Math.max(0, Math.min(start, this.text.length));
    return { file: this.fileName, start: s, end: Math.max(s, Math.min(end, this.text.length)) };
  }

  /** A zero-width span at the start of the file, for whole-file diagnostics. */
  get startSpan(): Span {
    return this.span(0, 0);
  }
}

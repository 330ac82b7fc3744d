import type { CheckedModel } from '../ir/checked-model.js';
import type { SourceFile, Span } from '../source.js';
import type { Diagnostic } from './diagnostic.js';

/**
 * What the renderers print for one checked file: its source (to echo lines under carets), its
 * sorted diagnostics and, when it checked clean, the model. `error` is an I/O problem (unreadable
 * file) that kept the file from being checked at all.
 */
export interface FileReport {
  /** The path as the user wrote it (also the `file` of every span). */
  readonly file: string;
  readonly source?: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
  readonly model?: CheckedModel;
  readonly error?: string;
}

/** 1-based, end exclusive (LSP, SARIF and the JSON shape all count this way). */
export interface LineRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function rangeOfSpan(source: SourceFile | undefined, span: Span): LineRange {
  if (!source) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const start = source.positionAt(span.start);
  const end = source.positionAt(span.end);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

export function countBySeverity(reports: readonly FileReport[]): {
  errors: number;
  warnings: number;
  infos: number;
} {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const report of reports) {
    for (const d of report.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else infos++;
    }
  }
  return { errors, warnings, infos };
}

export function reportHasErrors(report: FileReport): boolean {
  return report.error !== undefined || report.diagnostics.some((d) => d.severity === 'error');
}

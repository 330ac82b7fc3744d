import { jsonWithEscapedControls } from '../../common/escape-control.js';
import { modelToJson, type ModelJson } from '../report/model-json.js';
import type { Diagnostic } from './diagnostic.js';
import {
  countBySeverity,
  rangeOfSpan,
  reportHasErrors,
  type FileReport,
  type LineRange,
} from './file-report.js';
import type { SourceFile, Span } from '../source.js';

export interface DiagnosticJson extends LineRange {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly hint?: string;
  readonly fix?: { readonly description: string; readonly edits: readonly (LineRange & { text: string })[] };
  readonly related?: readonly (LineRange & { file: string; message: string })[];
}

export interface FileJson {
  readonly file: string;
  readonly ok: boolean;
  readonly diagnostics: readonly DiagnosticJson[];
  readonly model?: ModelJson;
  /** Why the file could not be checked at all (unreadable); then `diagnostics` is empty. */
  readonly error?: string;
}

export interface CheckJson {
  readonly files: readonly FileJson[];
  readonly errors: number;
  readonly warnings: number;
}

/** `unetc check --format json`: one object on stdout (the documented shape, plus fix/related/model extras). */
export function checkToJson(reports: readonly FileReport[]): CheckJson {
  const { errors, warnings } = countBySeverity(reports);
  return { files: reports.map(fileToJson), errors, warnings };
}

export function renderJson(reports: readonly FileReport[]): string {
  return `${jsonWithEscapedControls(checkToJson(reports))}\n`;
}

export function fileToJson(report: FileReport): FileJson {
  return {
    file: report.file,
    ok: !reportHasErrors(report),
    diagnostics: report.diagnostics.map((d) => diagnosticToJson(d, report.source)),
    ...(report.model ? { model: modelToJson(report.model) } : {}),
    ...(report.error !== undefined ? { error: report.error } : {}),
  };
}

export function diagnosticToJson(d: Diagnostic, source: SourceFile | undefined): DiagnosticJson {
  const at = (span: Span): LineRange =>
    rangeOfSpan(span.file === source?.fileName ? source : undefined, span);
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...at(d.span),
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    ...(d.fix
      ? {
          fix: {
            description: d.fix.description,
            edits: d.fix.edits.map((e) => ({ ...at(e.span), text: e.text })),
          },
        }
      : {}),
    ...(d.related && d.related.length > 0
      ? { related: d.related.map((r) => ({ file: r.span.file, ...at(r.span), message: r.message })) }
      : {}),
  };
}

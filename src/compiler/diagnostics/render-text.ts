import pc from 'picocolors';
import type { SourceFile, Span } from '../source.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { excerptLines } from './excerpt.js';
import { countBySeverity, rangeOfSpan, type FileReport } from './file-report.js';
import { escapeControl, escapeControlOneLine } from '../../common/escape-control.js';

export interface TextRenderOptions {
  /** ANSI colours; the CLI turns them on only for a TTY without NO_COLOR. */
  readonly color?: boolean;
  /** Echo the source line with `~~~` under the span (default true). */
  readonly excerpts?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

/**
 * tsc-like text: `file(line,col): error UNC3002: message`, the source line with `~~~` under the
 * span, then the hint, the fix and related locations, each indented under the diagnostic.
 */
export function renderDiagnosticText(
  diagnostic: Diagnostic,
  source: SourceFile | undefined,
  options: TextRenderOptions = {},
): string {
  const c = pc.createColors(options.color ?? false);
  const out: string[] = [
    `${location(c, source, diagnostic.span)}: ${severityLabel(c, diagnostic.severity)} ${c.gray(diagnostic.code)}: ${escapeControl(diagnostic.message)}`,
  ];
  if (source && options.excerpts !== false)
    out.push(...excerpt(c, source, diagnostic.span, diagnostic.severity));
  if (diagnostic.hint) out.push(`  ${c.cyan('hint')}: ${escapeControl(diagnostic.hint)}`);
  // The edits themselves are for tools (JSON, SARIF); people read the description.
  if (diagnostic.fix) out.push(`  ${c.green('fix')}: ${escapeControl(diagnostic.fix.description)}`);
  for (const related of diagnostic.related ?? []) {
    const relatedSource = related.span.file === source?.fileName ? source : undefined;
    out.push(`  ${location(c, relatedSource, related.span)}: ${escapeControl(related.message)}`);
    if (relatedSource && options.excerpts !== false) {
      out.push(...excerpt(c, relatedSource, related.span, 'info').map((l) => `  ${l}`));
    }
  }
  return out.join('\n');
}

/** Every file's diagnostics, a blank line between them, then tsc's closing count. */
export function renderText(reports: readonly FileReport[], options: TextRenderOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const blocks: string[] = [];
  // Unreadable files are reported on stderr by the CLI; here they only count in the summary.
  for (const report of reports) {
    for (const d of report.diagnostics) blocks.push(renderDiagnosticText(d, report.source, options));
  }
  blocks.push(summaryLine(c, reports));
  return `${blocks.join('\n\n')}\n`;
}

function summaryLine(c: Colors, reports: readonly FileReport[]): string {
  const { errors, warnings } = countBySeverity(reports);
  const files = reports.length;
  const failing = reports.filter(
    (r) => r.error !== undefined || r.diagnostics.some((d) => d.severity === 'error'),
  );
  const unreadable = reports.filter((r) => r.error !== undefined).length;
  const parts: string[] = [];
  if (errors > 0) parts.push(c.red(plural(errors, 'error')));
  if (warnings > 0) parts.push(c.yellow(plural(warnings, 'warning')));
  if (unreadable > 0) parts.push(c.red(`${plural(unreadable, 'unreadable file')}`));
  if (parts.length === 0) return c.green(`Checked ${plural(files, 'spec')}: no problems.`);
  const withDiagnostics = failing.length - unreadable;
  const where = withDiagnostics > 0 && errors > 0 ? ` in ${plural(withDiagnostics, 'file')}` : '';
  return `Found ${parts.join(' and ')}${where} (${plural(files, 'spec')} checked).`;
}

function location(c: Colors, source: SourceFile | undefined, span: Span): string {
  const r = rangeOfSpan(source, span);
  const file = escapeControlOneLine(span.file);
  return source ? `${c.cyan(file)}(${r.line},${r.column})` : c.cyan(file);
}

function severityLabel(c: Colors, severity: Severity): string {
  if (severity === 'error') return c.red(c.bold('error'));
  if (severity === 'warning') return c.yellow(c.bold('warning'));
  return c.blue(c.bold('info'));
}

function excerpt(c: Colors, source: SourceFile, span: Span, severity: Severity): string[] {
  const { lines, elided } = excerptLines(source, span);
  const width = String(lines[lines.length - 1]?.line ?? 1).length;
  const mark = severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue;
  const out: string[] = [];
  for (const l of lines) {
    out.push(`  ${c.dim(`${String(l.line).padStart(width)} |`)} ${l.text}`);
    out.push(`  ${c.dim(`${' '.repeat(width)} |`)} ${mark(l.underline)}`);
  }
  if (elided > 0) out.push(`  ${c.dim(`${' '.repeat(width)} |`)} … ${plural(elided, 'more line')}`);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

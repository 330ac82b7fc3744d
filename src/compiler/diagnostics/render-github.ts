import type { Severity } from './diagnostic.js';
import { rangeOfSpan, type FileReport } from './file-report.js';
import { escapeControl, escapeControlOneLine } from '../../common/escape-control.js';

/**
 * GitHub Actions workflow commands, one line per diagnostic:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=UNC3002::message`.
 * The hint follows the message on a second (escaped) line; GitHub shows both in the annotation.
 */
export function renderGithub(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.error !== undefined) {
      lines.push(
        `::error file=${escapeProperty(report.file)},title=unetc::${escapeData(escapeControl(report.error))}`,
      );
    }
    for (const d of report.diagnostics) {
      const r = rangeOfSpan(report.source, d.span);
      // GitHub's endColumn is inclusive; ours is exclusive.
      const endColumn = r.endLine === r.line ? Math.max(r.column, r.endColumn - 1) : r.endColumn;
      const props = [
        `file=${escapeProperty(d.span.file)}`,
        `line=${r.line}`,
        `col=${r.column}`,
        `endLine=${r.endLine}`,
        `endColumn=${endColumn}`,
        `title=${escapeProperty(d.code)}`,
      ].join(',');
      const text = escapeControl(d.hint ? `${d.message}\nhint: ${d.hint}` : d.message);
      lines.push(`::${command(d.severity)} ${props}::${escapeData(text)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function command(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'info' ? 'notice' : severity;
}

/** As in @actions/core's `escapeData`. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As in @actions/core's `escapeProperty`. */
export function escapeProperty(s: string): string {
  return escapeData(escapeControlOneLine(s)).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

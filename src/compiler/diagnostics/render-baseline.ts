import type { SourceFile } from '../source.js';
import type { Diagnostic } from './diagnostic.js';
import { printable, underlineOn } from './excerpt.js';
import { rangeOfSpan } from './file-report.js';
import { escapeControl } from '../../common/escape-control.js';

/**
 * TypeScript's `.errors.txt` baseline format, for golden tests: one summary line per diagnostic,
 * then the whole source echoed (4-space indent) with `~~~` under every span and the
 * `!!! error UNC3002: …` / `!!! hint: …` lines after the last line each span covers.
 */
export function renderBaseline(source: SourceFile, diagnostics: readonly Diagnostic[]): string {
  const out: string[] = diagnostics.map((d) => {
    const r = rangeOfSpan(source, d.span);
    return `${d.span.file}(${r.line},${r.column}): ${d.severity} ${d.code}: ${escapeControl(d.message)}`;
  });
  out.push('', '');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  out.push(`==== ${source.fileName} (${errors} errors, ${diagnostics.length - errors} other) ====`);

  const lineCount = source.lineStarts.length;
  const byLastLine = new Map<number, Diagnostic[]>();
  for (const d of diagnostics) {
    const last = Math.min(lineCount, source.positionAt(Math.max(d.span.start, d.span.end - 1)).line);
    byLastLine.set(last, [...(byLastLine.get(last) ?? []), d]);
  }
  for (let line = 1; line <= lineCount; line++) {
    out.push(`    ${printable(source.lineText(line))}`.trimEnd());
    const here = byLastLine.get(line) ?? [];
    for (const d of here) {
      const first = source.positionAt(d.span.start).line;
      for (let l = first; l <= line; l++) out.push(`    ${underlineOn(source, l, d.span)}`.trimEnd());
      out.push(`!!! ${d.severity} ${d.code}: ${escapeControl(d.message)}`);
      if (d.hint) out.push(`!!! hint: ${escapeControl(d.hint)}`);
      if (d.fix) {
        const edits = d.fix.edits.map((e) => `${rangeText(source, e.span)} '${e.text}'`).join(', ');
        out.push(`!!! fix: ${d.fix.description} [${edits}]`);
      }
      for (const rel of d.related ?? [])
        out.push(`!!! related ${rangeText(source, rel.span)}: ${rel.message}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function rangeText(source: SourceFile, span: { file: string; start: number; end: number }): string {
  const r = rangeOfSpan(source, span);
  return `${span.file}(${r.line},${r.column})-(${r.endLine},${r.endColumn})`;
}

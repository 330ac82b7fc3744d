import type { Diagnostic } from '../../src/compiler/diagnostics/diagnostic.js';
import { renderBaseline } from '../../src/compiler/diagnostics/render-baseline.js';
import { renderJson } from '../../src/compiler/diagnostics/render-json.js';
import { renderSarif } from '../../src/compiler/diagnostics/render-sarif.js';
import { renderText } from '../../src/compiler/diagnostics/render-text.js';
import { compileSource, type CompileOptions } from '../../src/compiler/pipeline.js';
import type { Span } from '../../src/compiler/source.js';

/**
 * Compiles one input and returns every broken invariant (empty = fine): compileSource must not
 * throw, must not hit an internal error (UNC9000 is how a crashing check surfaces), every span must
 * lie inside the file, messages must be filled in, and every renderer must cope with the result.
 */
export function compileInvariantViolations(
  text: string,
  fileName: string,
  options: CompileOptions = {},
): string[] {
  const problems: string[] = [];
  let result;
  try {
    result = compileSource(text, fileName, options);
  } catch (error) {
    return [
      `compileSource threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    ];
  }
  const spanOk = (span: Span): boolean =>
    span.file === fileName &&
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= text.length;
  const check = (d: Diagnostic): void => {
    if (d.code === 'UNC9000') problems.push(`internal error: ${d.message}`);
    if (!/^UNC\d{4}$/.test(d.code)) problems.push(`bad code ${d.code}`);
    if (!spanOk(d.span))
      problems.push(`${d.code} span out of file: ${JSON.stringify(d.span)} (length ${text.length})`);
    for (const r of d.related ?? []) if (!spanOk(r.span)) problems.push(`${d.code} related span out of file`);
    for (const e of d.fix?.edits ?? []) if (!spanOk(e.span)) problems.push(`${d.code} fix span out of file`);
    // A `{name}` left in the message is an unfilled placeholder, unless the user wrote it (quoted input).
    const unfilled = (d.message.match(/\{\w+\}/g) ?? []).filter((p) => !text.includes(p));
    if (!d.message || unfilled.length > 0) problems.push(`${d.code} message not filled in: ${d.message}`);
  };
  result.diagnostics.forEach(check);
  if (result.model && result.diagnostics.some((d) => d.severity === 'error'))
    problems.push('a model despite errors');
  try {
    const report = {
      file: fileName,
      source: result.source,
      diagnostics: result.diagnostics,
      ...(result.model ? { model: result.model } : {}),
    };
    renderText([report]);
    renderBaseline(result.source, result.diagnostics);
    renderJson([report]);
    renderSarif([report], { toolVersion: '0.0.0' });
  } catch (error) {
    problems.push(`a renderer threw: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}

import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { renderDiagnosticText } from '../compiler/diagnostics/render-text.js';
import type { CheckedModel } from '../compiler/ir/checked-model.js';
import type { SourceFile } from '../compiler/source.js';
import { compileSpecInput, type SpecInput, type SpecOptions } from './spec-input.js';

export interface CheckResult {
  /** No error diagnostics (warnings may remain). */
  readonly ok: boolean;
  /** Every diagnostic of every phase, sorted by position: data, not text (see `format`). */
  readonly diagnostics: readonly Diagnostic[];
  /** The checked network (IR, shapes, parameter counts, valid sizes) when `ok`. */
  readonly model?: CheckedModel;
  readonly source: SourceFile;
  /** The diagnostics as `unetc check` prints them (tsc-like, with source excerpts). */
  format(options?: { readonly color?: boolean }): string;
}

/**
 * Checks a spec without running anything: syntax, schema, every shape, crop and channel rule.
 * Never throws for problems in the spec (they are diagnostics); throws `UserError` only when a
 * spec file cannot be read.
 */
export function check(input: SpecInput, options: SpecOptions = {}): CheckResult {
  const result = compileSpecInput(input, options);
  // The pipeline gives a model exactly when no diagnostic is an error.
  const ok = result.model !== undefined;
  return {
    ok,
    diagnostics: result.diagnostics,
    ...(ok ? { model: result.model } : {}),
    source: result.source,
    format: (formatOptions = {}) =>
      result.diagnostics
        .map((d) => renderDiagnosticText(d, result.source, { color: formatOptions.color ?? false }))
        .join('\n\n'),
  };
}

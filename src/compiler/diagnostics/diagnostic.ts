import type { Span } from '../source.js';

export type Severity = 'error' | 'warning' | 'info';

/** A machine-applicable edit: replace the text under `span` with `text`. */
export interface TextEdit {
  readonly span: Span;
  readonly text: string;
}

export interface RelatedInformation {
  readonly span: Span;
  readonly message: string;
}

/**
 * Diagnostics are data (TypeScript's `Diagnostic`, esbuild's `Message`): every check returns them,
 * none throws. `message` and `hint` are filled-in templates from `messages.ts`, the only home of
 * user-visible text.
 */
export interface Diagnostic {
  /** Stable code, e.g. 'UNC3002'. 1xxx syntax, 2xxx names/structure, 3xxx shapes, 4xxx data/augmentation/training, 5xxx emit/runtime, 9xxx internal. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
  readonly hint?: string;
  /** Edits that, applied together, fix the problem. */
  readonly fix?: { readonly description: string; readonly edits: readonly TextEdit[] };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by file, then offset, then code; so golden files do not churn. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.span.file.localeCompare(b.span.file) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      a.code.localeCompare(b.code),
  );
}

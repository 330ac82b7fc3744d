import type { Diagnostic } from './diagnostic.js';
import { makeDiagnostic } from './make-diagnostic.js';

/** Enough to fix a broken file from the top; more only buries the first, real cause. */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/**
 * Keeps the first `max` diagnostics (already sorted) and replaces the rest by one UNC1013 that says
 * how many were left out. It is an error when any hidden one is, so the exit status never changes.
 */
export function capDiagnostics(
  diagnostics: readonly Diagnostic[],
  max = MAX_DIAGNOSTICS_PER_FILE,
): readonly Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const shown = diagnostics.slice(0, max);
  const hidden = diagnostics.slice(max);
  const last = shown[shown.length - 1]!.span;
  const summary = makeDiagnostic(
    'TooManyDiagnostics',
    { file: last.file, start: last.end, end: last.end },
    { hidden: hidden.length, count: diagnostics.length, shown: max },
  );
  const severity = hidden.some((d) => d.severity === 'error')
    ? 'error'
    : hidden.some((d) => d.severity === 'warning')
      ? 'warning'
      : 'info';
  shown.push({ ...summary, severity });
  return shown;
}

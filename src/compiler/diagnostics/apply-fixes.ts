import type { Diagnostic, TextEdit } from './diagnostic.js';

export interface AppliedFixes {
  readonly text: string;
  /** The fixes applied, in source order. */
  readonly applied: readonly Diagnostic[];
  /** Fixes left out because their edits overlap an earlier fix's. */
  readonly skipped: readonly Diagnostic[];
}

/**
 * Applies every diagnostic's fix whose edits fall in `fileName` and do not overlap an earlier
 * fix's edits (earlier in the file wins, as in `eslint --fix`); a fix applies whole or not at all.
 * Pure: the caller writes the text (atomically) and checks it again.
 */
export function applyFixes(text: string, fileName: string, diagnostics: readonly Diagnostic[]): AppliedFixes {
  const withFix = diagnostics
    .filter((d) => d.fix && d.fix.edits.length > 0 && d.fix.edits.every((e) => e.span.file === fileName))
    .sort((a, b) => firstStart(a) - firstStart(b));
  const taken: TextEdit[] = [];
  const applied: Diagnostic[] = [];
  const skipped: Diagnostic[] = [];
  for (const d of withFix) {
    const edits = d.fix!.edits;
    const clash = edits.some((e) => taken.some((t) => overlaps(e, t)) || e.span.end > text.length);
    if (clash) skipped.push(d);
    else {
      taken.push(...edits);
      applied.push(d);
    }
  }
  let out = text;
  for (const edit of [...taken].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end))
    out = out.slice(0, edit.span.start) + edit.text + out.slice(edit.span.end);
  return { text: out, applied, skipped };
}

function firstStart(d: Diagnostic): number {
  return Math.min(...d.fix!.edits.map((e) => e.span.start));
}

/** Two edits clash when their ranges intersect, or both insert at the same point. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

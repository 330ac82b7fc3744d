import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecDocument } from './document.js';
import { specValidator } from './schema.js';
import { schemaErrorDiagnostic } from './schema-error-diagnostic.js';

export interface ValidationResult {
  readonly diagnostics: Diagnostic[];
  /** Pointers that have a validation error, so normalisation does not report them again. */
  readonly failed: Set<string>;
}

function isUnder(pointer: string, prefixes: ReadonlySet<string>): boolean {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    if (prefixes.has(p)) return true;
    if (p === '') return false;
  }
}

/** Schema validation (ajv, compiled once) → one diagnostic per problem, at the key or value that causes it. */
export function validateDocument(doc: SpecDocument): ValidationResult {
  const validate = specValidator();
  const diagnostics: Diagnostic[] = [];
  const failed = new Set<string>();
  if (validate(doc.value)) return { diagnostics, failed };
  const reported = doc.reported ?? new Set<string>();
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (isUnder(error.instancePath, reported)) continue;
    const { pointer, diagnostic } = schemaErrorDiagnostic(doc, error);
    if (!diagnostic) continue;
    const id = `${pointer}|${diagnostic.code}`;
    if (seen.has(id)) continue;
    seen.add(id);
    failed.add(pointer);
    diagnostics.push(diagnostic);
  }
  return { diagnostics: withoutMisspeltMissing(diagnostics), failed };
}

/**
 * `netwrok { … }` is both an unknown key (whose fix says "network") and a missing `network`:
 * the second follows from the first, so only the first, with its "Did you mean", is reported.
 */
function withoutMisspeltMissing(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const suggested = new Set(
    diagnostics.flatMap((d) => (d.code === 'UNC2001' && d.fix ? d.fix.edits.map((e) => e.text) : [])),
  );
  if (suggested.size === 0) return [...diagnostics];
  return diagnostics.filter(
    (d) => d.code !== 'UNC2005' || ![...suggested].some((key) => d.message.endsWith(`needs '${key}'`)),
  );
}

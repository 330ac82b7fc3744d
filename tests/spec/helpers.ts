import { capDiagnostics } from '../../src/compiler/diagnostics/cap-diagnostics.js';
import { sortDiagnostics } from '../../src/compiler/diagnostics/diagnostic.js';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../src/compiler/diagnostics/diagnostic.js';
import { SourceFile } from '../../src/compiler/source.js';
import type { SpecDocument } from '../../src/compiler/spec/document.js';
import { normalizeSpec } from '../../src/compiler/spec/normalize-spec.js';
import type { ModelSpec } from '../../src/compiler/spec/spec.js';
import { parseUnetDocument } from '../../src/compiler/syntax/parse-document.js';
import { parseYamlDocument } from '../../src/compiler/yaml/parse-yaml.js';

export interface FrontEndResult {
  readonly source: SourceFile;
  readonly document?: SpecDocument;
  readonly spec?: ModelSpec;
  readonly diagnostics: Diagnostic[];
}

/** Text → document → ModelSpec, every diagnostic of both phases (normalisation runs even after syntax errors). */
export function frontEnd(
  text: string,
  fileName = 'test.unet',
  options: { inputSize?: readonly number[] } = {},
): FrontEndResult {
  const source = new SourceFile(fileName, text);
  const parsed = /\.ya?ml$/.test(fileName) ? parseYamlDocument(source) : parseUnetDocument(source);
  if (!parsed.document) return { source, diagnostics: parsed.diagnostics };
  const normalized = normalizeSpec(parsed.document, options);
  return {
    source,
    document: parsed.document,
    ...(normalized.spec ? { spec: normalized.spec } : {}),
    // As in compileSource: sorted, and capped per file.
    diagnostics: [...capDiagnostics(sortDiagnostics([...parsed.diagnostics, ...normalized.diagnostics]))],
  };
}

export function codes(result: { diagnostics: readonly Diagnostic[] }): string[] {
  return result.diagnostics.map((d) => d.code);
}

/** The text a diagnostic's span covers. */
export function spanText(result: FrontEndResult, d: Diagnostic): string {
  return result.source.text.slice(d.span.start, d.span.end);
}

/** Applies a diagnostic's fix to the source text. */
export function applyFix(text: string, d: Diagnostic): string {
  const edits = [...(d.fix?.edits ?? [])].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((t, e) => t.slice(0, e.span.start) + e.text + t.slice(e.span.end), text);
}

export const specPath = (name: string): URL => new URL(`../../specs/${name}`, import.meta.url);

export function readSpec(name: string): string {
  return readFileSync(specPath(name), 'utf8');
}

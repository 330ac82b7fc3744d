import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from './diagnostics/diagnostic.js';
import { capDiagnostics } from './diagnostics/cap-diagnostics.js';
import { appendAll } from '../common/append-all.js';
import { guarded } from './diagnostics/make-diagnostic.js';
import type { CheckedModel } from './ir/checked-model.js';
import { SourceFile } from './source.js';
import type { SpecDocument } from './spec/document.js';
import type { ModelSpec } from './spec/spec.js';
import { checkSpec } from './check/check-spec.js';
import { locate } from './spec/locate.js';
import { normalizeSpec } from './spec/normalize-spec.js';
import { parseUnetDocument } from './syntax/parse-document.js';
import { parseYamlDocument } from './yaml/parse-yaml.js';

/** The two surface forms of a spec. */
export type SpecSyntax = 'unet' | 'yaml';

export interface CompileOptions {
  /** Surface form; by default '.yaml'/'.yml' files are YAML and everything else is .unet text. */
  readonly format?: SpecSyntax;
  /** Override the spec's input size (spatial), e.g. to check parity at a small size. */
  readonly inputSize?: readonly number[];
}

export interface ParseResult {
  readonly source: SourceFile;
  readonly syntax: SpecSyntax;
  readonly diagnostics: readonly Diagnostic[];
  readonly document?: SpecDocument;
}

export interface CompileResult {
  readonly source: SourceFile;
  readonly syntax: SpecSyntax;
  /** Every diagnostic of every phase that ran, sorted. */
  readonly diagnostics: readonly Diagnostic[];
  readonly document?: SpecDocument;
  readonly spec?: ModelSpec;
  /** Present when there are no errors. */
  readonly model?: CheckedModel;
}

/** '.yaml'/'.yml' (any case) → YAML; every other name, `unet.dsl` included, → .unet text. */
export function syntaxOfFileName(fileName: string): SpecSyntax {
  return /\.ya?ml$/i.test(fileName) ? 'yaml' : 'unet';
}

/** The first phase only: text → spec document (what `fmt` needs). Never throws. */
export function parseSource(text: string, fileName: string, options: CompileOptions = {}): ParseResult {
  const source = new SourceFile(fileName, text);
  const syntax = options.format ?? syntaxOfFileName(fileName);
  const diagnostics: Diagnostic[] = [];
  const parsed = guarded('parse', source.startSpan, diagnostics, () =>
    syntax === 'yaml' ? parseYamlDocument(source) : parseUnetDocument(source),
  );
  if (parsed) appendAll(diagnostics, parsed.diagnostics);
  return {
    source,
    syntax,
    diagnostics: capDiagnostics(sortDiagnostics(diagnostics)),
    ...(parsed?.document ? { document: parsed.document } : {}),
  };
}

/**
 * text → spec document → validated, normalised ModelSpec → checked model (IR + summary).
 * Stops after the first phase that reports errors; never throws (a crash in any phase becomes an
 * UNC9000 diagnostic).
 */
export function compileSource(text: string, fileName: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseSource(text, fileName, options);
  const { source, syntax, document } = parsed;
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const done = (extra: { spec?: ModelSpec; model?: CheckedModel } = {}): CompileResult => ({
    source,
    syntax,
    ...(document ? { document } : {}),
    ...extra,
    diagnostics: capDiagnostics(sortDiagnostics(diagnostics)),
  });
  if (!document || hasErrors(diagnostics)) return done();

  const normalized = guarded('normalize', source.startSpan, diagnostics, () =>
    normalizeSpec(document, options.inputSize ? { inputSize: options.inputSize } : {}),
  );
  if (normalized) appendAll(diagnostics, normalized.diagnostics);
  const spec = normalized?.spec;
  if (!spec || hasErrors(diagnostics)) return done(spec ? { spec } : {});

  const checked = guarded('check', source.startSpan, diagnostics, () =>
    checkSpec(spec, locate(document, fileName)),
  );
  if (checked) appendAll(diagnostics, checked.diagnostics);
  const model = hasErrors(diagnostics) ? undefined : checked?.model;
  return done(model ? { spec, model } : { spec });
}

import type { Diagnostic } from './diagnostics/diagnostic.js';
import type { CheckedModel } from './ir/checked-model.js';
import { SourceFile } from './source.js';
import type { SpecDocument } from './spec/document.js';
import type { ModelSpec } from './spec/spec.js';

export interface CompileOptions {
  /** Surface form; by default '.yaml'/'.yml' files are YAML and everything else is .unet text. */
  readonly format?: 'unet' | 'yaml';
  /** Override the spec's input size (spatial), e.g. to check parity at a small size. */
  readonly inputSize?: readonly number[];
}

export interface CompileResult {
  readonly source: SourceFile;
  /** Every diagnostic of every phase that ran, sorted. */
  readonly diagnostics: readonly Diagnostic[];
  readonly document?: SpecDocument;
  readonly spec?: ModelSpec;
  /** Present when there are no errors. */
  readonly model?: CheckedModel;
}

/**
 * lex → parse → build document → validate + normalise → check + lower to IR.
 * Stops after the first phase that reports errors; never throws.
 * (Wired by the front-end and checker work; see issue 2.)
 */
export function compileSource(text: string, fileName: string, options: CompileOptions = {}): CompileResult {
  void options;
  return { source: new SourceFile(fileName, text), diagnostics: [] };
}

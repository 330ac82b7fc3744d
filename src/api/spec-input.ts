import { compileSource, type CompileResult, type SpecSyntax } from '../compiler/pipeline.js';
import { readSpecFile } from '../common/read-spec-file.js';

/**
 * What the API accepts as a spec: a path to a `.unet` / `.yaml` file, or the text itself. Text
 * needs a file name only for messages and to pick the syntax (`.yaml`/`.yml` → YAML).
 */
export type SpecInput =
  string | { readonly source: string; readonly fileName?: string; readonly syntax?: SpecSyntax };

export interface SpecOptions {
  /** Read the spec as this surface syntax, whatever its file name says. */
  readonly syntax?: SpecSyntax;
  /** Check at this spatial input size instead of the spec's (e.g. [188, 188]). */
  readonly inputSize?: readonly number[];
}

/** Where a spec input came from, for messages and for resolving data paths. */
export function specFileName(input: SpecInput): string {
  return typeof input === 'string' ? input : (input.fileName ?? 'spec.unet');
}

/** Parses and checks a spec input; a file that cannot be read throws a one-line `UserError`. */
export function compileSpecInput(input: SpecInput, options: SpecOptions = {}): CompileResult {
  const text = typeof input === 'string' ? readSpecFile(input) : input.source;
  const syntax = options.syntax ?? (typeof input === 'string' ? undefined : input.syntax);
  return compileSource(text, specFileName(input), {
    ...(syntax ? { format: syntax } : {}),
    ...(options.inputSize ? { inputSize: options.inputSize } : {}),
  });
}

import { UserError } from '../common/user-error.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { CheckResult } from './check.js';

/**
 * Thrown by `compile`, `train`, `predict` and `evaluate` when the spec has errors. It carries the
 * diagnostics as data (and rendered, for the CLI); its message is one line: which file, and that
 * nothing was done.
 */
export class SpecError extends UserError {
  readonly diagnostics: readonly Diagnostic[];
  /** The diagnostics as `unetc check` prints them. */
  readonly format: (options?: { readonly color?: boolean }) => string;

  constructor(
    readonly file: string,
    checked: CheckResult,
    consequence = 'nothing done',
  ) {
    super(`'${file}' has errors; ${consequence}`, 1);
    this.name = 'SpecError';
    this.diagnostics = checked.diagnostics;
    this.format = checked.format;
  }
}

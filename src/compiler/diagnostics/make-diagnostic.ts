import type { Span } from '../source.js';
import type { Diagnostic, RelatedInformation, TextEdit } from './diagnostic.js';
import { Messages, type MessageId, type MessageTemplate } from './messages.js';

export type MessageArgs = Readonly<Record<string, string | number>>;

/** Replaces `{name}` placeholders; an unknown placeholder is left visible so tests catch it. */
export function fillTemplate(template: string, args: MessageArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

export interface DiagnosticExtras {
  readonly related?: readonly RelatedInformation[];
  /** Overrides or completes the catalogue hint (also a template over the same args). */
  readonly hint?: string;
  readonly fix?: { readonly description: string; readonly edits: readonly TextEdit[] };
}

export function makeDiagnostic(
  id: MessageId,
  span: Span,
  args: MessageArgs = {},
  extras: DiagnosticExtras = {},
): Diagnostic {
  const template: MessageTemplate = Messages[id];
  const hintTemplate = extras.hint ?? template.hint;
  return {
    code: template.code,
    severity: template.severity,
    message: fillTemplate(template.message, args),
    span,
    ...(extras.related ? { related: extras.related } : {}),
    ...(hintTemplate !== undefined ? { hint: fillTemplate(hintTemplate, args) } : {}),
    ...(extras.fix ? { fix: extras.fix } : {}),
  };
}

/**
 * Runs one phase or check and turns an unexpected exception into an UNC9000 diagnostic,
 * so no check can crash the compiler (Langium's wrapValidationException).
 */
export function guarded<T>(
  phase: string,
  span: Span,
  diagnostics: Diagnostic[],
  run: () => T,
): T | undefined {
  try {
    return run();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    diagnostics.push(makeDiagnostic('InternalError', span, { phase, detail }));
    return undefined;
  }
}

import type { Severity } from './diagnostic.js';

/**
 * The message catalogue: the only home of user-visible diagnostic text (TypeScript's
 * diagnosticMessages.json). Templates use `{name}` placeholders filled by `makeDiagnostic`.
 * A test enforces unique codes and that every code is exercised by a case in tests/cases.
 *
 * Code ranges: 1xxx syntax, 2xxx names and structure, 3xxx shapes and wiring,
 * 4xxx data, augmentation and training, 5xxx emit and runtime, 9xxx internal.
 * Each section is owned by one part of the compiler; add entries inside your section only.
 */
export interface MessageTemplate {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
}

export const Messages = {
  // ---- 1xxx syntax (src/compiler/syntax) ----

  // ---- 2xxx names and structure (src/compiler/spec) ----

  // ---- 3xxx shapes and wiring (src/compiler/check) ----

  // ---- 4xxx data, augmentation, training (src/compiler/check) ----

  // ---- 5xxx emit (src/compiler/emit) ----

  // ---- 9xxx internal ----
  InternalError: {
    code: 'UNC9000',
    severity: 'error',
    message: 'Internal error in {phase}: {detail}',
    hint: 'This is a bug in unetc, not in your spec; please report it with the spec that triggered it.',
  },
} as const satisfies Record<string, MessageTemplate>;

export type MessageId = keyof typeof Messages;

/**
 * An error the user can fix (bad flag, missing file, corrupt image, output path that is a file).
 * The CLI prints `unetc: <message>` on one line, no stack trace, and exits with `exitCode`.
 * Anything else that escapes a command is an internal error (exit 70).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const ExitCode = {
  ok: 0,
  /** Spec errors found (check), or the job failed for a reason reported as diagnostics. */
  errors: 1,
  /** Usage, I/O or bad-input problem. */
  usage: 2,
  internal: 70,
} as const;

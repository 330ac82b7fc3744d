import { UserError } from '../../common/user-error.js';

/**
 * A problem with the user's data (unreadable, truncated, unpaired, mismatched files): the CLI
 * prints it on one line without a stack trace. The message always names the file(s) and says
 * what to do.
 */
export class DataError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** Why an unknown thrown value failed, as one short line. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

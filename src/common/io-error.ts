import { UserError } from './user-error.js';

/**
 * File-system failures the user can act on (a full disk, a read-only mount, missing permission)
 * are bad conditions, not bugs: they become one-line UserErrors (exit 2) naming the path, never
 * "internal error" (exit 70).
 */
const reasons: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the file is too large for the file system',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error on the device',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
  ENAMETOOLONG: 'the name is too long',
};

/** Extra reasons that only make sense for a path the user named as an output. */
const writeReasons: Readonly<Record<string, string>> = {
  ENOENT: 'its directory does not exist',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent path is a file, not a directory',
};

function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The user-facing reason for an environmental errno code, or undefined for anything else. */
export function ioReason(error: unknown): string | undefined {
  const code = errnoCode(error);
  return code === undefined ? undefined : reasons[code];
}

/** `cannot write '<path>': <why>` for any failure writing `path`. */
export function writeError(path: string, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const code = errnoCode(error);
  const why =
    (code && (reasons[code] ?? writeReasons[code])) ??
    (error instanceof Error ? error.message : String(error));
  return new UserError(`cannot write '${path}': ${why}`);
}

/**
 * An errno error that escaped a command (no layer translated it), as a UserError naming the path
 * Node recorded, or null when the error is not environmental (then it is a bug: exit 70).
 */
export function escapedIoError(error: unknown): UserError | null {
  const why = ioReason(error);
  if (why === undefined) return null;
  const { path, syscall } = error as NodeJS.ErrnoException;
  const verb =
    syscall === 'open'
      ? 'open'
      : ['read', 'scandir', 'stat', 'lstat'].includes(syscall ?? '')
        ? 'read'
        : 'write';
  return new UserError(path ? `cannot ${verb} '${path}': ${why}` : `${syscall ?? 'I/O'} failed: ${why}`);
}

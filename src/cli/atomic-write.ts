import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from './user-error.js';

export interface AtomicWriteOptions {
  /** Create missing parent directories first (default false: a typo'd directory is an error). */
  readonly mkdirs?: boolean;
}

/**
 * Writes a file so readers never see half of it: write a temp sibling in the same directory
 * (same file system, so rename is atomic), then rename over the target. On failure the temp file is
 * removed and a one-line UserError names the path.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const temp = tempSibling(path);
  try {
    if (options.mkdirs) mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw writeError(path, error);
  }
}

/** The same, for commands that write large outputs while other work is in flight. */
export async function writeFileAtomicAsync(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const temp = tempSibling(path);
  try {
    if (options.mkdirs) await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw writeError(path, error);
  }
}

function tempSibling(path: string): string {
  const nonce = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return join(dirname(path), `.${basename(path)}.${nonce}.tmp`);
}

function writeError(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOENT'
      ? 'its directory does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'ENOTDIR'
            ? 'a parent path is a file, not a directory'
            : code === 'ENOSPC'
              ? 'no space left on the device'
              : error instanceof Error
                ? error.message
                : String(error);
  return new UserError(`cannot write '${path}': ${why}`);
}

import { readFileSync, statSync } from 'node:fs';
import { UserError } from './user-error.js';

import { MAX_SPEC_CHARS } from '../compiler/syntax/text-checks.js';

/**
 * Larger than any hand-written spec by orders of magnitude; guards against `unetc check data.tif`
 * and keeps the YAML parser (seconds and ~300 MB per MB of YAML) quick on hostile files.
 */
const maxSpecBytes = MAX_SPEC_CHARS;

/**
 * Reads a spec file as text, or throws a one-line UserError that names the file and says what to
 * do: missing, a directory, unreadable or too large.
 * A UTF-8 byte-order mark is dropped so offsets match what editors show.
 */
export function readSpecFile(path: string): string {
  let bytes: Buffer;
  try {
    // Size and kind first: `unetc check /dev/zero` or a 2 GB TIFF must not be read into memory.
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new UserError(`cannot read '${path}': not a regular file — pass a spec file`);
    if (stat.size > maxSpecBytes) throw tooLarge(path, stat.size);
    bytes = readFileSync(path);
  } catch (error) {
    throw error instanceof UserError ? error : readError(path, error);
  }
  if (bytes.length > maxSpecBytes) throw tooLarge(path, bytes.length);
  // Binary content is not rejected here: the parser reports it as a located diagnostic (UNC1006).
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function tooLarge(path: string, bytes: number): UserError {
  return new UserError(
    `'${path}' is ${(bytes / 1024).toFixed(0)} KiB, too large for a spec (limit ${maxSpecBytes / 1024} KiB) — is it a data file?`,
  );
}

function readError(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new UserError(`cannot read '${path}': no such file — check the path`);
  if (code === 'EISDIR') {
    return new UserError(
      `cannot read '${path}': it is a directory — pass a spec file (unetc check accepts directories)`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`cannot read '${path}': permission denied`);
  if (code === 'ENOTDIR')
    return new UserError(`cannot read '${path}': a parent path is a file, not a directory`);
  const detail = error instanceof Error ? error.message : String(error);
  return new UserError(`cannot read '${path}': ${detail}`);
}

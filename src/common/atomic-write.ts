import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { writeError } from './io-error.js';
import { UserError } from './user-error.js';

/**
 * Atomic output for every layer (compiler, runtime, CLI): readers never see half a file or half a
 * directory. Everything is written to a temp sibling (same directory, so the same file system and
 * rename is atomic), flushed to disk where the file system supports fsync, then renamed over the
 * target. On failure the temp is removed and a one-line UserError names the path.
 */
export interface AtomicWriteOptions {
  /** Create missing parent directories first (default false: a typo'd directory is an error). */
  readonly mkdirs?: boolean;
}

export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const temp = tempSibling(path);
  try {
    if (options.mkdirs) mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
      syncQuietly(() => fsyncSync(fd));
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(() => rmSync(temp, { force: true }));
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
    await writeAndSync(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(path, error);
  }
}

/** A file to write into an output directory: path relative to it, and its content. */
export interface OutputFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** An output path that cannot be a directory (a file is there). */
export class OutputPathError extends UserError {
  override readonly name = 'OutputPathError';
}

/**
 * Writes `files` into `outDir` as one unit: everything goes into a temp sibling directory first;
 * only when that is complete does it replace `outDir` (the old directory is renamed aside, the new
 * one renamed in, then the old one removed). A crash never leaves a half-written `outDir`; an
 * existing `outDir` survives a failed write unchanged. Returns the written files' absolute paths.
 */
export async function writeDirAtomic(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
  const target = resolve(outDir);
  if ((await kindOf(target)) === 'file') {
    throw new OutputPathError(
      `output path ${outDir} is a file; give a directory (it will be created or replaced)`,
    );
  }
  const parent = dirname(target);
  let temp: string | undefined;
  try {
    await mkdir(parent, { recursive: true });
    temp = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
    // mkdtemp makes the directory private (0700); the output is an ordinary directory.
    await chmod(temp, 0o777 & ~process.umask());
    for (const file of files) {
      const dest = join(temp, file.name);
      await mkdir(dirname(dest), { recursive: true });
      await writeAndSync(dest, file.content);
    }
    if ((await kindOf(target)) === 'dir') {
      const old = `${temp}-old`;
      await rename(target, old);
      try {
        await rename(temp, target);
      } catch (error) {
        // Put the previous directory back: a failed replace must leave it as it was.
        await rename(old, target).catch(() => undefined);
        throw error;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, target);
    }
  } catch (error) {
    if (temp !== undefined) await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw writeError(outDir, error);
  }
  return files.map((f) => join(target, f.name));
}

/** Temp clean-up is best effort: the write's own error is the one to report (rm throws ENOTDIR under a file). */
function removeQuietly(remove: () => void): void {
  try {
    remove();
  } catch {
    // The temp file was never created or is already gone.
  }
}

/** Writes a file and flushes it to disk where the file system allows (the first half of an atomic write). */
export async function writeAndSync(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await syncQuietlyAsync(() => handle.sync());
  } finally {
    await handle.close();
  }
}

/** fsync is a durability bonus, not a requirement: some file systems (tmpfs on some hosts, SMB) refuse it. */
function syncQuietly(sync: () => void): void {
  try {
    sync();
  } catch (error) {
    if (!unsupported(error)) throw error;
  }
}

async function syncQuietlyAsync(sync: () => Promise<void>): Promise<void> {
  try {
    await sync();
  } catch (error) {
    if (!unsupported(error)) throw error;
  }
}

function unsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EINVAL' || code === 'ENOTSUP' || code === 'EPERM';
}

async function kindOf(p: string): Promise<'missing' | 'dir' | 'file'> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

function tempSibling(path: string): string {
  const nonce = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return join(dirname(path), `.${basename(path)}.${nonce}.tmp`);
}

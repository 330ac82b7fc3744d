import { chmod, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A file to write: path relative to the output directory, and its content. */
export interface OutputFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** Thrown for an output path that cannot be used (a file where a directory must go); the CLI shows the message. */
export class OutputPathError extends Error {
  override readonly name = 'OutputPathError';
}

async function kindOf(p: string): Promise<'missing' | 'dir' | 'file'> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Writes `files` into `outDir` atomically: everything goes into a temp sibling directory first;
 * only when that is complete does it replace `outDir` (the old directory is renamed aside, the new
 * one renamed in, then the old one removed). A crash never leaves a half-written `outDir`; an
 * existing `outDir` survives a failed write unchanged.
 */
export async function writeDirAtomically(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
  const target = path.resolve(outDir);
  if ((await kindOf(target)) === 'file') {
    throw new OutputPathError(
      `output path ${outDir} is a file; give a directory (it will be created or replaced)`,
    );
  }
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const base = path.basename(target);
  const temp = await mkdtemp(path.join(parent, `.${base}.tmp-`));
  try {
    // mkdtemp makes the directory private (0700); the output is an ordinary directory.
    await chmod(temp, 0o777 & ~process.umask());
    for (const file of files) {
      const dest = path.join(temp, file.name);
      await mkdir(path.dirname(dest), { recursive: true });
      await writeFile(dest, file.content);
    }
    if ((await kindOf(target)) === 'dir') {
      const old = `${temp}-old`;
      await rename(target, old);
      await rename(temp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, target);
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return files.map((f) => path.join(target, f.name));
}

import { mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import {
  OutputPathError,
  writeAndSync,
  writeDirAtomic,
  writeFileAtomicAsync,
  type OutputFile,
} from './atomic-write.js';
import { writeError } from './io-error.js';
import { sweepStaleTemporaries } from './stale-temporaries.js';
import { UserError } from './user-error.js';

/**
 * An output directory that unetc fills but the user owns: `compile -o <dir>` for every target.
 * A new directory is written as one unit (writeDirAtomic). An existing directory is never removed
 * or renamed (so `-o .` cannot wipe anything): only the files unetc wrote there before (listed in
 * its manifest) and the files it writes now are replaced; everything else in it stays. A non-empty
 * directory that unetc did not write is refused unless `force`.
 */
export const OUTPUT_MANIFEST = '.unetc-output.json';

interface OutputManifest {
  readonly format: 'unetc-output';
  readonly version: 1;
  readonly files: readonly string[];
}

export interface WriteOutputOptions {
  /** Write into a non-empty directory unetc did not write (replacing only the files it writes). */
  readonly force?: boolean;
}

function manifestFile(names: readonly string[]): OutputFile {
  const manifest: OutputManifest = { format: 'unetc-output', version: 1, files: [...names] };
  return { name: OUTPUT_MANIFEST, content: `${JSON.stringify(manifest, null, 1)}\n` };
}

/** A file name a target emits must stay inside the directory (a bug otherwise, not a user error). */
function assertRelative(name: string): void {
  const n = normalize(name);
  if (isAbsolute(n) || n === '..' || n.startsWith(`..${sep}`) || n === '.' || n === OUTPUT_MANIFEST)
    throw new Error(`internal error: output file name '${name}' is not a plain relative path`);
}

async function kindOf(p: string): Promise<'missing' | 'dir' | 'file'> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * The files unetc wrote into `dir` before: its manifest's list; for a directory written before
 * manifests existed, recognised by plan.json's generator, the files it is about to write; null
 * when unetc did not write this directory.
 */
async function previousOwnFiles(dir: string, names: readonly string[]): Promise<string[] | null> {
  try {
    const m = JSON.parse(await readFile(join(dir, OUTPUT_MANIFEST), 'utf8')) as OutputManifest;
    if (m.format === 'unetc-output' && Array.isArray(m.files))
      return m.files.filter((f) => typeof f === 'string');
  } catch {
    // No manifest: maybe an older unetc output.
  }
  try {
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as { generator?: unknown };
    if (typeof plan.generator === 'string' && plan.generator.startsWith('unetc ')) return [...names];
  } catch {
    // Not a unetc output.
  }
  return null;
}

export async function writeOutputDir(
  outDir: string,
  files: readonly OutputFile[],
  options: WriteOutputOptions = {},
): Promise<string[]> {
  const names = files.map((f) => f.name);
  names.forEach(assertRelative);
  const target = resolve(outDir);
  const kind = await kindOf(target);
  if (kind === 'file')
    throw new OutputPathError(`output path ${outDir} is a file; give a directory (it is created if missing)`);
  if (kind === 'missing') {
    await writeDirAtomic(outDir, [...files, manifestFile(names)]);
    return names.map((n) => join(target, n));
  }
  const previous = await previousOwnFiles(target, names);
  // A compile killed mid-write left temporaries of its files; they must not make the directory
  // look like someone else's, nor pile up.
  await sweepStaleTemporaries(target, new Set([...names, ...(previous ?? []), OUTPUT_MANIFEST]));
  const entries = (await readdir(target)).filter((e) => e !== OUTPUT_MANIFEST);
  if (previous === null && entries.length > 0 && !options.force) {
    throw new UserError(
      `${outDir} is a non-empty directory that unetc did not write; give a new or empty directory, ` +
        `or pass --force to replace only the files compile writes (${names.join(', ')}) and keep the rest`,
    );
  }
  const stale = (previous ?? []).filter((n) => !names.includes(n));
  await replaceFiles(target, outDir, files);
  for (const name of stale) await removeOwnFile(target, name);
  // The manifest goes last: until it is in place, the previous one still lists every file unetc owns.
  await writeFileAtomicAsync(join(target, OUTPUT_MANIFEST), manifestFile(names).content);
  return names.map((n) => join(target, n));
}

/**
 * Writes every file to a temp sibling first; only when all are complete are they renamed over
 * their targets, so a failed write (full disk) leaves the previous files untouched.
 */
async function replaceFiles(target: string, outDir: string, files: readonly OutputFile[]): Promise<void> {
  const temps: { temp: string; final: string }[] = [];
  let current = outDir;
  try {
    for (const file of files) {
      const final = join(target, file.name);
      current = join(outDir, file.name);
      await mkdir(dirname(final), { recursive: true });
      if ((await kindOf(final)) === 'dir')
        throw new UserError(`cannot write '${current}': a directory of that name is in the way`);
      const temp = join(dirname(final), `.${basename(final)}.${process.pid}-${Date.now().toString(36)}.tmp`);
      temps.push({ temp, final });
      await writeAndSync(temp, file.content);
    }
    for (const { temp, final } of temps) await rename(temp, final);
  } catch (error) {
    for (const { temp } of temps) await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(current, error);
  }
}

/** Removes a file unetc wrote before and no longer writes, and the folders it leaves empty. */
async function removeOwnFile(target: string, name: string): Promise<void> {
  const n = normalize(name);
  if (isAbsolute(n) || n.startsWith('..')) return;
  const path = join(target, n);
  if ((await kindOf(path)) !== 'file') return;
  await rm(path, { force: true });
  for (let dir = dirname(path); dir.startsWith(target + sep); dir = dirname(dir)) {
    if ((await readdir(dir)).length > 0) break;
    await rmdir(dir).catch(() => undefined);
  }
}

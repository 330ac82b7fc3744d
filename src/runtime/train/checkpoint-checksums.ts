import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `checksums.json`, written last into a checkpoint: the size and sha256 of every other file. A
 * checkpoint whose files no longer match (truncated by a full disk, damaged by a copy) is detected
 * before it is loaded, so a resume can fall back to an older, intact one.
 */
export const CHECKSUMS = 'checksums.json';

interface ChecksumFile {
  readonly format: 'unetc-checksums';
  readonly version: 1;
  readonly files: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
}

async function sha256Of(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Records every file of `dir` (hashed as it is on disk, so what is verified is what was written). */
export async function writeChecksums(dir: string): Promise<void> {
  const files: Record<string, { bytes: number; sha256: string }> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (name === CHECKSUMS) continue;
    const path = join(dir, name);
    files[name] = { bytes: (await stat(path)).size, sha256: await sha256Of(path) };
  }
  const content: ChecksumFile = { format: 'unetc-checksums', version: 1, files };
  await writeFile(join(dir, CHECKSUMS), `${JSON.stringify(content, null, 1)}\n`);
}

/**
 * Why the checkpoint in `dir` is damaged, or null when every recorded file matches. A checkpoint
 * without checksums (written by an older unetc) is not judged here; loading it is the test.
 */
export async function checksumProblem(dir: string): Promise<string | null> {
  let recorded: ChecksumFile;
  try {
    recorded = JSON.parse(await readFile(join(dir, CHECKSUMS), 'utf8')) as ChecksumFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `${CHECKSUMS} is unreadable`;
  }
  if (recorded.format !== 'unetc-checksums' || typeof recorded.files !== 'object')
    return `${CHECKSUMS} is not a unetc checksum file`;
  for (const [name, want] of Object.entries(recorded.files)) {
    const path = join(dir, name);
    let bytes: number;
    try {
      bytes = (await stat(path)).size;
    } catch {
      return `${name} is missing`;
    }
    if (bytes !== want.bytes) return `${name} has ${bytes} bytes, ${want.bytes} were written`;
    if ((await sha256Of(path)) !== want.sha256) return `${name} does not match its sha256`;
  }
  return null;
}

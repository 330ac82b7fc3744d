import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';

/**
 * unetc writes a file `name` as the temp sibling `.<name>.<pid>-<time>[-<nonce>].tmp` and renames
 * it over `name` when complete (atomic-write.ts, output-dir.ts). A process killed in between
 * leaves that temp behind; this is its name, for one given `name` only, so no other file can match.
 */
function tempPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${escaped}\\.(\\d+)-[0-9a-z]+(?:-[0-9a-z]+)?\\.tmp$`);
}

/** Whether process `pid` still runs (EPERM: it does, as another user's). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporaries a killed unetc left for the files `names` (paths relative to `dir`):
 * only unetc's own temp names for exactly those files, and only when the process that wrote them
 * is gone — a compile running at the same time keeps its temporaries. Returns what was removed.
 */
export async function sweepStaleTemporaries(dir: string, names: Iterable<string>): Promise<string[]> {
  const byFolder = new Map<string, RegExp[]>();
  for (const name of names) {
    const n = normalize(name);
    if (isAbsolute(n) || n === '..' || n.startsWith(`..${sep}`)) continue; // never outside `dir`
    const folder = join(dir, dirname(name));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), tempPattern(basename(name))]);
  }
  const removed: string[] = [];
  for (const [folder, patterns] of byFolder) {
    let entries: string[];
    try {
      entries = await readdir(folder);
    } catch {
      continue; // The folder does not exist (yet): nothing was left in it.
    }
    for (const entry of entries) {
      const pid = patterns.map((p) => p.exec(entry)).find((m) => m !== null)?.[1];
      if (pid === undefined || isAlive(Number(pid))) continue;
      await rm(join(folder, entry), { force: true });
      removed.push(join(folder, entry));
    }
  }
  return removed;
}

/**
 * The scratch folders of the CLI fuzz. Each case runs in `<base>/l1/l2/l3/case` with sentinel
 * files in the case folder (notes.txt, keep/important.txt) and at every level above it, so a
 * command that deletes a user's file or writes outside its output folder is caught.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { CaseFile } from './fuzz-cli-cases.js';

export interface Sandbox {
  readonly base: string;
  readonly caseDir: string;
}

/** Files that exist before every case and must exist, unchanged, after it. */
const sentinels: Readonly<Record<string, string>> = {
  'notes.txt': 'the user’s notes: must survive every command\n',
  'keep/important.txt': 'an unrelated folder’s file\n',
};

export function makeSandbox(base: string): Sandbox {
  const caseDir = join(base, 'l1', 'l2', 'l3', 'case');
  mkdirSync(caseDir, { recursive: true });
  for (const [i, dir] of [
    base,
    join(base, 'l1'),
    join(base, 'l1', 'l2'),
    join(base, 'l1', 'l2', 'l3'),
  ].entries())
    writeFileSync(join(dir, `sentinel-${i}.txt`), `outside the case folder, level ${i}\n`);
  return { base, caseDir };
}

/** Empties the case folder and lays out the sentinels and the case's files. */
export function layOut(sandbox: Sandbox, files: Readonly<Record<string, CaseFile>>): void {
  rmSync(sandbox.caseDir, { recursive: true, force: true });
  mkdirSync(sandbox.caseDir, { recursive: true });
  for (const [rel, content] of Object.entries({ ...sentinels, ...files })) {
    const path = join(sandbox.caseDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof content === 'object' && 'symlink' in content) symlinkSync(content.symlink, path);
    else writeFileSync(path, content);
  }
}

/** path → content hash ('link', 'dir' for those), every entry below `root` except `skip`. */
export function snapshot(root: string, skip?: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (path === skip) continue;
      const rel = relative(root, path).split(sep).join('/');
      if (e.isSymbolicLink()) out.set(rel, 'link');
      else if (e.isDirectory()) {
        out.set(rel, 'dir');
        walk(path);
      } else if (e.isFile()) out.set(rel, hashFile(path));
      else out.set(rel, 'other');
    }
  };
  walk(root);
  return out;
}

function hashFile(path: string): string {
  try {
    if (lstatSync(path).size > 64 * 1024 * 1024) return 'large';
    return createHash('sha1').update(readFileSync(path)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

/**
 * What went wrong with the files: a sentinel or input changed or vanished, something written
 * outside the case folder, or inside it outside the allowed output paths.
 */
export function fileViolations(
  before: { outside: Map<string, string>; inside: Map<string, string> },
  after: { outside: Map<string, string>; inside: Map<string, string> },
  outputs: readonly string[],
): string[] {
  const problems: string[] = [];
  const allowed = (rel: string): boolean =>
    outputs.some((o) => rel === o || rel.startsWith(`${o}/`) || o.startsWith(`${rel}/`));
  for (const [rel, hash] of before.outside)
    if (after.outside.get(rel) !== hash) problems.push(`outside the case folder: ${rel} changed or lost`);
  for (const rel of after.outside.keys())
    if (!before.outside.has(rel)) problems.push(`wrote outside the case folder: ${rel}`);
  for (const [rel, hash] of before.inside) {
    // The user's own files are never an output, whatever path the command was given.
    // …unless the command was told to write exactly there (`graph -o notes.txt` overwrites it).
    if ((allowed(rel) && !(rel in sentinels)) || outputs.includes(rel)) continue;
    if (!after.inside.has(rel)) problems.push(`lost file: ${rel}`);
    else if (after.inside.get(rel) !== hash) problems.push(`changed file: ${rel}`);
  }
  for (const rel of after.inside.keys())
    if (!before.inside.has(rel) && !allowed(rel)) problems.push(`wrote outside the output folder: ${rel}`);
  return problems;
}

/** Both snapshots of a sandbox: everything above the case folder, and the case folder. */
export function snapshotSandbox(sandbox: Sandbox): {
  outside: Map<string, string>;
  inside: Map<string, string>;
} {
  return { outside: snapshot(sandbox.base, sandbox.caseDir), inside: snapshot(sandbox.caseDir) };
}

/** Rebuilds every level above the case folder (after a case escaped and wrote or deleted there). */
export function resetSandbox(sandbox: Sandbox): void {
  for (const entry of readdirSync(sandbox.base))
    rmSync(join(sandbox.base, entry), { recursive: true, force: true });
  makeSandbox(sandbox.base);
}

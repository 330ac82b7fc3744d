import { statSync } from 'node:fs';
import { join } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

/** What `unetc check <dir>` looks for, recursively. */
export const specPatterns = ['**/*.unet', '**/*.yaml', '**/*.yml'];
const ignored = ['**/node_modules/**', '**/.git/**', '**/dist/**'];

export interface ExpandedPaths {
  /** Unique, in argument order; files found in one directory or glob are sorted. */
  readonly files: string[];
  /** One per argument that named nothing usable: the argument and a one-line message. */
  readonly problems: { readonly path: string; readonly message: string }[];
}

/**
 * Turns `check`'s arguments into spec files: a file is taken as given (any extension), a
 * directory expands to its *.unet/*.yaml/*.yml files recursively, a glob to its matches.
 * A missing path, an empty directory or a glob without matches is a problem, not a silent no-op.
 */
export function expandSpecPaths(args: readonly string[]): ExpandedPaths {
  const files: string[] = [];
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const arg of args) {
    const kind = pathKind(arg);
    if (kind === 'file') add(arg);
    else if (kind === 'directory') {
      const found = globSync(specPatterns, { cwd: arg, ignore: ignored, onlyFiles: true }).sort();
      if (found.length === 0) {
        problems.push({ path: arg, message: `directory '${arg}' contains no specs (*.unet, *.yaml, *.yml)` });
      }
      for (const f of found) add(join(arg, f));
    } else if (isDynamicPattern(arg)) {
      const found = globSync(arg, { ignore: ignored, onlyFiles: true }).sort();
      if (found.length === 0) problems.push({ path: arg, message: `no files match '${arg}'` });
      for (const f of found) add(f);
    } else {
      problems.push({
        path: arg,
        message: `cannot read '${arg}': no such file or directory — check the path`,
      });
    }
  }
  return { files, problems };
}

function pathKind(path: string): 'file' | 'directory' | 'missing' {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

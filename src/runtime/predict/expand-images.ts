import { appendAll } from '../../common/append-all.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UserError } from '../../common/user-error.js';
import { isImagePath } from '../data/read-image.js';
import { stemOf } from './predict-files.js';

/**
 * Image files named on the command line: files as given, directories → their PNG/TIFF files
 * (not recursive, sorted), globs expanded. Each stem may appear once (outputs are named by stem).
 */
export function expandImagePaths(args: readonly string[], what = 'image'): string[] {
  const files: string[] = [];
  for (const arg of args) {
    if (isDynamicPattern(arg)) {
      const matches = globSync(arg, { onlyFiles: true }).filter(isImagePath).sort();
      if (matches.length === 0) throw new UserError(`'${arg}' matches no PNG or TIFF files`);
      appendAll(files, matches);
    } else if (!existsSync(arg)) {
      throw new UserError(`${what} '${arg}' does not exist`);
    } else if (statSync(arg).isDirectory()) {
      const inside = readdirSync(arg)
        .filter(isImagePath)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .map((f) => join(arg, f));
      if (inside.length === 0) throw new UserError(`directory '${arg}' holds no PNG or TIFF files`);
      appendAll(files, inside);
    } else files.push(arg);
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const stem = stemOf(file);
    const other = seen.get(stem);
    if (other !== undefined && other !== file) {
      throw new UserError(
        `${other} and ${file} have the same name '${stem}'; outputs are named by file stem — rename one`,
      );
    }
    seen.set(stem, file);
  }
  return [...new Set(files)];
}

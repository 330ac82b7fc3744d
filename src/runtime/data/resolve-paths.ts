import { appendAll } from '../../common/append-all.js';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { DataError } from './data-error.js';
import { isImagePath } from './read-image.js';

/** Natural order, so slice 2.png comes before 10.png. */
export const naturalCompare = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/**
 * Resolve the spec's image/mask entries — globs, directories or single (stack) files, relative
 * to the spec file's directory — to absolute image paths in natural order. A directory means its
 * image files (.png/.tif/.tiff, not recursive). An entry that matches nothing is an error.
 */
export async function resolveImagePaths(
  entries: readonly string[],
  specDir: string,
  what: string,
): Promise<string[]> {
  const found: string[] = [];
  for (const entry of entries) {
    if (isDynamicPattern(entry)) {
      const cwd = isAbsolute(entry) ? '/' : specDir;
      const matches = (
        await glob(entry, { cwd, absolute: true, onlyFiles: true, expandDirectories: false })
      ).filter(isImagePath);
      if (matches.length === 0) {
        throw new DataError(
          `${what}: pattern '${entry}' (relative to ${specDir}) matches no .png/.tif/.tiff file; fix the glob`,
        );
      }
      appendAll(found, matches.sort(naturalCompare));
      continue;
    }
    const path = resolve(specDir, entry);
    const info = await stat(path).catch(() => null);
    if (info === null)
      throw new DataError(
        `${what}: ${path} does not exist; fix the path in the spec (relative to ${specDir})`,
      );
    if (info.isDirectory()) {
      const files = (await readdir(path)).filter(isImagePath).sort(naturalCompare);
      if (files.length === 0) throw new DataError(`${what}: directory ${path} holds no .png/.tif/.tiff file`);
      appendAll(
        found,
        files.map((f) => join(path, f)),
      );
    } else found.push(path);
  }
  const unique = [...new Set(found)];
  return unique;
}

import { basename, extname } from 'node:path';

/** A file's name without its extension: `a/b/slice 01.tif` → `slice 01`. */
export function stemOfPath(file: string): string {
  return basename(file, extname(file));
}

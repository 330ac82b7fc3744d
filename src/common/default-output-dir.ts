import { join } from 'node:path';
import { UserError } from './user-error.js';

/**
 * The default output directory `<root>/<spec name>` (compile: out/, train: runs/). The name comes
 * from the spec, which may be anyone's file, so it must name exactly one folder inside `root`:
 * no separators, no `.`/`..`, no control characters. Anything else is refused (with the flag that
 * avoids it) rather than rewritten, so the user always knows where the output went.
 */
export function defaultOutputDir(root: string, name: string, fallback: string, flag: string): string {
  if (name === '') return join(root, fallback);
  const why = unsafeBecause(name);
  if (why === null) return join(root, name);
  throw new UserError(
    `the spec's name ${JSON.stringify(name)} cannot be a folder name under ${root}/ (${why}); ` +
      `rename the spec or give ${flag} <dir>`,
  );
}

function unsafeBecause(name: string): string | null {
  if (name === '.' || name === '..') return `'${name}' is not a folder of its own`;
  if (/[/\\]/.test(name)) return 'it contains a path separator';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains control characters';
  if (Buffer.byteLength(name) > 255) return 'it is longer than 255 bytes';
  return null;
}

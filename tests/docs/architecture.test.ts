import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';

/** The recipes list exact files; a rename that forgets the docs fails here. */
describe('docs/architecture.md', () => {
  const text = readFileSync(join(repoRoot, 'docs/architecture.md'), 'utf8');
  const paths = [...text.matchAll(/`((?:src|schema|tests|grammar|docs|bench)\/[^`<>*\s]+)`/g)].map(
    (m) => m[1]!,
  );

  it('names only files and folders that exist', () => {
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !existsSync(join(repoRoot, p)))).toEqual([]);
  });
});

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';

/** `UPDATE_BASELINES=1 npx vitest run tests/golden.test.ts` rewrites every baseline (TypeScript's baseline-accept). */
export const updateBaselines = process.env['UPDATE_BASELINES'] === '1';

/**
 * Compares `actual` with the golden file; `undefined` means "there must be no such file".
 * In update mode the file is written (or removed) instead; review the diff before committing.
 */
export function expectBaseline(path: string, actual: string | undefined): void {
  if (updateBaselines) {
    if (actual === undefined) rmSync(path, { force: true });
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
    }
    return;
  }
  const exists = existsSync(path);
  if (actual === undefined) {
    expect(exists, `${path} is stale: the case no longer produces it (run with UPDATE_BASELINES=1)`).toBe(
      false,
    );
    return;
  }
  expect(exists, `${path} is missing (run UPDATE_BASELINES=1 npx vitest run tests/golden.test.ts)`).toBe(
    true,
  );
  expect(actual, `${path} differs (run with UPDATE_BASELINES=1 to accept)`).toBe(readFileSync(path, 'utf8'));
}

/** Every file below `root` (relative paths, sorted), skipping README/markdown notes. */
export function listFiles(root: string, keep: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!name.endsWith('.md') && keep(full)) out.push(relative(root, full));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

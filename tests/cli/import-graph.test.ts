import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

/**
 * `unetc check`, `summary` and `fmt` must start fast, so nothing the CLI loads at start-up may
 * pull in tfjs or the runtime: commands that need them import them lazily (`await import(…)`
 * inside the action). This walks the static imports from src/cli/main.ts and fails on any path
 * into src/runtime or @tensorflow/*.
 */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  // `import … from '…'` and `export … from '…'`, but not `import type` / `export type` (erased).
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+['"]([^'"]+)['"]/gm))
    specifiers.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specifiers.push(m[1]!);
  return specifiers;
}

function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        if (existsSync(target)) visit(target);
      } else if (!spec.startsWith('node:')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
  };
  visit(entry);
  return { files, packages };
}

describe('CLI start-up imports', () => {
  it('never load tfjs or the runtime (heavy commands import them lazily)', () => {
    const { files, packages } = staticGraph(join(repoRoot, 'src/cli/main.ts'));
    const runtime = [...files].map((f) => relative(repoRoot, f)).filter((f) => f.startsWith('src/runtime/'));
    expect(runtime, 'runtime modules reached by static imports from src/cli/main.ts').toEqual([]);
    expect([...packages].filter((p) => p.startsWith('@tensorflow/'))).toEqual([]);
    expect(files.size).toBeGreaterThan(10);
  });
});

/** Every .ts file under a directory. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('layering', () => {
  it('src/compiler (the tfjs-free entry unetc/compiler) imports nothing from the runtime, the CLI, the API or tfjs', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(repoRoot, 'src/compiler'))) {
      const text = readFileSync(file, 'utf8');
      // Static and dynamic imports alike: the compiler must not even lazily reach tfjs.
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        const spec = m[1]!;
        const target = spec.startsWith('.') ? relative(repoRoot, resolve(dirname(file), spec)) : spec;
        if (/^(src\/(runtime|cli|api)\/|@tensorflow\/)/.test(target))
          offenders.push(`${relative(repoRoot, file)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the package root (import from 'unetc') loads neither tfjs nor the runtime until train/predict/evaluate run", () => {
    const { files, packages } = staticGraph(join(repoRoot, 'src/api/index.ts'));
    const runtime = [...files].map((f) => relative(repoRoot, f)).filter((f) => f.startsWith('src/runtime/'));
    expect(runtime).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('@tensorflow/'))).toEqual([]);
    expect(files.has(join(repoRoot, 'src/api/train.ts'))).toBe(true);
  });
});

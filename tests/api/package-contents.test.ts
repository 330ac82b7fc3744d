import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';

interface PackManifest {
  readonly files: readonly { readonly path: string }[];
}

/** What `npm publish` would ship, without running the build (CI has built dist/ already). */
function packedFiles(): string[] {
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(json) as PackManifest[])[0]!.files.map((f) => f.path);
}

describe('npm package contents', () => {
  const files = packedFiles();
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
    bin: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    optionalDependencies?: Record<string, string>;
  };

  it('ships the licence, the docs the README links to, the CLI and the typed entries', () => {
    for (const f of [
      'LICENSE',
      'README.md',
      'docs/api.md',
      'docs/cli.md',
      'docs/language.md',
      'bin/unetc.js',
    ])
      expect(files).toContain(f);
    const targets = Object.values(pkg.exports).flatMap((e) =>
      typeof e === 'string' ? [e] : Object.values(e),
    );
    for (const target of targets) expect(files).toContain(target.replace(/^\.\//, ''));
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(bin);
  });

  it('ships no sources, tests, source maps or run outputs', () => {
    const stray = files.filter(
      (f) => /^(src|tests|bench|runs|out|node_modules)\//.test(f) || f.endsWith('.map'),
    );
    expect(stray).toEqual([]);
  });

  it('leaves the native tfjs backends to an explicit opt-in (optional peers, not optional dependencies)', () => {
    expect(pkg.optionalDependencies ?? {}).toEqual({});
    expect(pkg.peerDependenciesMeta?.['@tensorflow/tfjs-node']?.optional).toBe(true);
    expect(pkg.peerDependenciesMeta?.['@tensorflow/tfjs-node-gpu']?.optional).toBe(true);
  });
});

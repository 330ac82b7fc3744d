import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIsBuilt, repoRoot } from './run-cli.js';

/**
 * What the built CLI really loads (static and dynamic imports) for commands that never run a
 * model: a resolve hook registered before bin/unetc.js prints every package it resolves.
 * import-graph.test.ts checks the static graph of the sources; this checks the product.
 */
const hook = `
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(result.url);
  if (m) process.stderr.write('[loaded] ' + m[1] + '\\n');
  return result;
}`;
const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`;

function packagesLoadedBy(args: readonly string[]): { code: number | null; packages: Set<string> } {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(register)}`,
      join(repoRoot, 'bin/unetc.js'),
      ...args,
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
  );
  const packages = new Set([...r.stderr.matchAll(/^\[loaded\] (.+)$/gm)].map((m) => m[1]!));
  return { code: r.status, packages };
}

describe('CLI start-up loads no model runtime', () => {
  it('built CLI exists', () => expect(cliIsBuilt()).toBe(true));

  for (const args of [['--version'], ['--help'], ['check', 'specs/unet2015.unet'], ['train', '--help']]) {
    it(`unetc ${args.join(' ')}`, () => {
      const { code, packages } = packagesLoadedBy(args);
      expect(code).toBe(0);
      expect(packages.has('commander')).toBe(true); // the hook saw the CLI's imports
      expect([...packages].filter((p) => /tensorflow|onnxruntime|utif2|fast-png/.test(p))).toEqual([]);
    });
  }
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The ```js blocks of a markdown file, in order. */
export function jsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/**
 * Runs a doc's examples the way a user would: one ES module (blocks in order, imports hoisted) in a
 * fresh directory where `unetc` resolves through node_modules to this package (its `exports` map
 * and built dist/), and `examples/` is the repository's.
 */
export function runDocExamples(
  repoRoot: string,
  docPath: string,
): { status: number | null; stdout: string; stderr: string; dir: string } {
  const blocks = jsBlocks(readFileSync(join(repoRoot, docPath), 'utf8'));
  const names = new Map<string, Set<string>>();
  const bodies: string[] = [];
  for (const block of blocks) {
    const body: string[] = [];
    for (const line of block.split('\n')) {
      const m = /^import \{ (.*) \} from '(.*)';$/.exec(line);
      if (!m) body.push(line);
      else for (const name of m[1]!.split(', ')) names.set(m[2]!, (names.get(m[2]!) ?? new Set()).add(name));
    }
    bodies.push(body.join('\n'));
  }
  const imports = [...names].map(([from, set]) => `import { ${[...set].join(', ')} } from '${from}';`);
  const dir = mkdtempSync(join(tmpdir(), 'unetc-doc-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'unetc'), 'dir');
  symlinkSync(join(repoRoot, 'examples'), join(dir, 'examples'), 'dir');
  writeFileSync(join(dir, 'doc.mjs'), `${imports.join('\n')}\n${bodies.join('\n')}\n`);
  const result = spawnSync(process.execPath, ['doc.mjs'], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

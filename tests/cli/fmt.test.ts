import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUnet, formatYaml } from '../../src/compiler/format/format.js';
import { compileSource, parseSource } from '../../src/compiler/pipeline.js';
import { listFiles } from '../support/baselines.js';
import { cliIsBuilt, repoRoot, runCli, scratch } from './run-cli.js';

const specs = listFiles(join(repoRoot, 'specs'), (p) => /\.(unet|ya?ml)$/.test(p)).map((p) => ({
  name: `specs/${p}`,
  text: readFileSync(join(repoRoot, 'specs', p), 'utf8'),
}));

/** The checked model without source positions: what must survive formatting and conversion. */
function modelOf(text: string, fileName: string): unknown {
  const result = compileSource(text, fileName);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { summary: result.model?.summary, graph: result.model?.graph };
}

function format(text: string, fileName: string, to: 'unet' | 'yaml'): string {
  const parsed = parseSource(text, fileName);
  expect(parsed.document, `${fileName} parses`).toBeDefined();
  return to === 'yaml' ? formatYaml(parsed.document!) : formatUnet(parsed.document!);
}

describe('fmt on the spec library (in process)', () => {
  for (const { name, text } of specs) {
    it(`${name}: canonical form is idempotent, keeps comments and means the same`, () => {
      const own = name.endsWith('.unet') ? 'unet' : 'yaml';
      const once = format(text, name, own);
      expect(format(once, name, own)).toBe(once);
      for (const comment of text.match(/#[^\n]*/g) ?? []) {
        if (!comment.includes('"')) expect(once).toContain(comment.replace(/^#\s*/, '').trim());
      }
      expect(modelOf(once, name)).toEqual(modelOf(text, name));
    });

    it(`${name}: converts to the other syntax and back without changing the model`, () => {
      const [other, otherName] = name.endsWith('.unet')
        ? (['yaml', 'x.yaml'] as const)
        : (['unet', 'x.unet'] as const);
      const converted = format(text, name, other);
      expect(modelOf(converted, otherName)).toEqual(modelOf(text, name));
      const back = format(converted, otherName, other === 'yaml' ? 'unet' : 'yaml');
      expect(modelOf(back, name)).toEqual(modelOf(text, name));
    });
  }
});

describe('unetc fmt (spawned)', () => {
  let dir = '';
  let cleanup = (): void => {};
  const messy = 'name:"m"\nnetwork{input:64x64x1 depth:2 filters:4 block{padding:same} skip:concat}\n';

  beforeAll(() => {
    expect(cliIsBuilt(), 'run `npm run build` first').toBe(true);
    ({ dir, cleanup } = scratch({
      'messy.unet': messy,
      'net.yaml': 'network:\n  input: [64, 64, 1]\n  depth: 2\n',
      'bad.unet': 'network {',
    }));
  });
  afterAll(() => cleanup());

  it('prints the canonical form, and --check tells formatted from not', () => {
    const r = runCli(['fmt', 'messy.unet'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toBe(messy);
    const check = runCli(['fmt', '--check', 'messy.unet'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stderr).toBe("unetc: 'messy.unet' is not formatted — run 'unetc fmt -w messy.unet'\n");
  });

  it('--write rewrites in place, after which --check passes', () => {
    expect(runCli(['fmt', '-w', 'messy.unet'], { cwd: dir }).code).toBe(0);
    expect(runCli(['fmt', '--check', 'messy.unet'], { cwd: dir }).code).toBe(0);
  });

  it('converts YAML to .unet into a sibling file, refusing to overwrite without --force', () => {
    const r = runCli(['fmt', 'net.yaml', '--to', 'unet', '-w'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'net.unet'), 'utf8')).toMatch(/network/);
    const again = runCli(['fmt', 'net.yaml', '--to', 'unet', '-w'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe("unetc: 'net.unet' already exists — pass --force to overwrite it\n");
  });

  it('refuses to format a file with syntax errors (exit 1) and names a missing file (exit 2)', () => {
    const bad = runCli(['fmt', 'bad.unet'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.unet\(1,9\): error UNC1010/);
    const missing = runCli(['fmt', 'gone.unet'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("unetc: cannot read 'gone.unet': no such file — check the path\n");
  });
});

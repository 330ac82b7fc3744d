import { describe, expect, it } from 'vitest';
import { compileSource, parseSource } from '../../src/compiler/pipeline.js';
import { MAX_ALIAS_VALUES } from '../../src/compiler/yaml/parse-yaml.js';
import { MAX_SPEC_CHARS } from '../../src/compiler/syntax/text-checks.js';
import { cliIsBuilt, runCli, scratch } from '../cli/run-cli.js';

/** Runs a compile and returns its codes and how long it took. */
function timed(text: string, file: string): { codes: string[]; ms: number } {
  const start = performance.now();
  const result = compileSource(text, file);
  return { codes: result.diagnostics.map((d) => d.code), ms: performance.now() - start };
}

/** Nine aliases per level, `levels` levels: 9^levels values from a few hundred bytes. */
function aliasBomb(levels: number): string {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i <= levels; i++)
    text += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

describe('hostile specs: bounded time, memory and output', () => {
  it('refuses a YAML alias bomb (9^11 values, ~600 bytes) at once', () => {
    const text = aliasBomb(11);
    expect(text.length).toBeLessThan(700);
    const { codes, ms } = timed(text, 'bomb.yaml');
    expect(codes).toEqual(['UNC1105']);
    expect(ms).toBeLessThan(2_000);
  });

  it('still expands a modest use of aliases', () => {
    const text = `name: ok\nblock: &b { convs: 2, kernel: 3 }\nnetwork:\n  input: [64, 64, 1]\n  block: *b\n`;
    const result = parseSource(text, 'ok.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.document?.value).toMatchObject({ network: { block: { convs: 2, kernel: 3 } } });
    expect(MAX_ALIAS_VALUES).toBeGreaterThanOrEqual(1_000);
  });

  it('gives one diagnostic for 100,000 `{` in YAML and in .unet, no stack overflow', () => {
    for (const [text, file] of [
      ['{'.repeat(100_000), 'braces.yaml'],
      ['network x {' + '{'.repeat(100_000), 'braces.unet'],
      ['- '.repeat(50_000) + 'x\n', 'items.yaml'],
      [Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:\n`).join(''), 'indent.yaml'],
    ] as const) {
      const { codes } = timed(text, file);
      expect(codes, file).toEqual(codes[0] === 'UNC1014' ? ['UNC1014'] : ['UNC1012']);
    }
  });

  it('parses deep but legal nesting in .unet (the Chevrotain parser) and refuses deeper', () => {
    const nest = (n: number): string =>
      `name: "deep"\nnetwork {\n${Array.from({ length: n }, (_, i) => `k${i} {`).join(' ')}${' }'.repeat(n)}\n}\n`;
    const legal = compileSource(nest(60), 'deep.unet').diagnostics.map((d) => d.code);
    expect(legal).not.toContain('UNC9000');
    expect(legal).not.toContain('UNC1012');
    expect(compileSource(nest(20_000), 'deeper.unet').diagnostics.map((d) => d.code)).toEqual(['UNC1012']);
    const lists = `name: "l"\nnetwork {\n filters: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n}\n`;
    expect(compileSource(lists, 'lists.unet').diagnostics.map((d) => d.code)).toEqual(['UNC1012']);
  });

  it('refuses a spec larger than the limit before parsing it (3 MB lists, 3.9 MB duplicate keys)', () => {
    const list = 'name: x\nitems: [' + Array(1_500_000).fill('1').join(',') + ']\n';
    const duplicates = 'name: x\n' + 'a: 1\n'.repeat(780_000);
    for (const [text, file] of [
      [list, 'list.yaml'],
      [duplicates, 'dup.yaml'],
    ] as const) {
      const { codes, ms } = timed(text, file);
      expect(codes).toEqual(['UNC1014']);
      expect(ms).toBeLessThan(1_000);
    }
  });

  it('keeps duplicate keys just under the size limit linear, with the errors capped', () => {
    const count = Math.floor((MAX_SPEC_CHARS - 10) / 5);
    const { codes, ms } = timed('name: x\n' + 'a: 1\n'.repeat(count), 'dup.yaml');
    expect(codes.length).toBeLessThanOrEqual(101);
    expect(codes.at(-1)).toBe('UNC1009');
    expect(ms).toBeLessThan(15_000);
  });

  it('caps diagnostics per file at 100 plus one line that counts the rest', () => {
    const text = `name: "many"\nnetwork {\n${Array.from({ length: 5_000 }, (_, i) => `  zork${i}: 1\n`).join('')}}\n`;
    const result = compileSource(text, 'many.unet');
    expect(result.diagnostics).toHaveLength(101);
    const last = result.diagnostics.at(-1)!;
    expect(last.code).toBe('UNC1013');
    expect(last.message).toContain('4900 more diagnostics');
    expect(last.severity).toBe('error');
  });
});

describe('unetc check on the reported hostile files', () => {
  it('refuses 3.9 MB of duplicate keys with one line (exit 2) and a 600-byte alias bomb with one error (exit 1)', () => {
    expect(cliIsBuilt(), 'run `npm run build` first').toBe(true);
    const { dir, cleanup } = scratch({
      'dup.yaml': 'name: x\n' + 'a: 1\n'.repeat(780_000),
      'bomb.yaml': aliasBomb(11),
      'braces.yaml': '{'.repeat(100_000),
    });
    try {
      const dup = runCli(['check', 'dup.yaml'], { cwd: dir });
      expect(dup.code).toBe(2);
      expect(dup.stderr).toMatch(/^unetc: 'dup\.yaml' is 3809 KiB, too large for a spec \(limit 256 KiB\)/);
      const bomb = runCli(['check', 'bomb.yaml'], { cwd: dir });
      expect(bomb.code).toBe(1);
      expect(bomb.stdout.match(/error UNC/g)).toHaveLength(1);
      const braces = runCli(['check', 'braces.yaml'], { cwd: dir });
      expect(braces.stdout.match(/error UNC1012/g)).toHaveLength(1);
      expect(braces.stdout).not.toMatch(/call stack/);
    } finally {
      cleanup();
    }
  });
});

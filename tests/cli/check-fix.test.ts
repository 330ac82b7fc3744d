import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/compiler/diagnostics/apply-fixes.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { cliIsBuilt, runCli, scratch } from './run-cli.js';

/** Three slips with fixes: a tuple for a list, `=` for `:`, and a misspelt `network`. */
const slips =
  'name: "fixme"\nnetwrok {\n  input: 64 x 64 x 1\n  depth = 2\n  filters: 8\n  block { convs: 2, kernel: 3, padding: same }\n  down: maxpool(kernel: (2, 2))\n  up: transpose(kernel: 2, stride: 2)\n  skip: concat\n}\n';
const fixed =
  'name: "fixme"\nnetwork {\n  input: 64 x 64 x 1\n  depth : 2\n  filters: 8\n  block { convs: 2, kernel: 3, padding: same }\n  down: maxpool(kernel: [2, 2])\n  up: transpose(kernel: 2, stride: 2)\n  skip: concat\n}\n';

beforeAll(() => {
  expect(cliIsBuilt(), 'run `npm run build` first').toBe(true);
});

describe('applyFixes', () => {
  it('applies non-overlapping fixes whole, earlier first, and skips a clashing one', () => {
    const result = compileSource(slips, 'a.unet');
    const { text, applied } = applyFixes(slips, 'a.unet', result.diagnostics);
    expect(applied.map((d) => d.code).sort()).toEqual(['UNC1001', 'UNC1015']);
    expect(text).toContain('maxpool(kernel: [2, 2])');
    const span = { file: 'a.unet', start: 0, end: 4 };
    const twice = [
      {
        code: 'X1',
        severity: 'error',
        message: '',
        span,
        fix: { description: 'a', edits: [{ span, text: 'A' }] },
      },
      {
        code: 'X2',
        severity: 'error',
        message: '',
        span,
        fix: { description: 'b', edits: [{ span, text: 'B' }] },
      },
    ] as const;
    const clash = applyFixes('name: x', 'a.unet', twice);
    expect(clash.text).toBe('A: x');
    expect(clash.skipped.map((d) => d.code)).toEqual(['X2']);
  });
});

describe('unetc check --fix', () => {
  it('rewrites the file atomically, lists each change, and reports what is left', () => {
    const { dir, cleanup } = scratch({ 'slips.unet': slips, 'clean.unet': fixed });
    try {
      const cleanBefore = statSync(join(dir, 'clean.unet')).mtimeMs;
      const r = runCli(['check', '--fix', 'slips.unet', 'clean.unet'], { cwd: dir });
      expect(readFileSync(join(dir, 'slips.unet'), 'utf8')).toBe(fixed);
      expect(r.stderr).toMatch(/fixed slips\.unet\(4,9\): Replace '=' with ':' \(UNC1001\)/);
      expect(r.stderr).toMatch(/fixed slips\.unet\(7,25\): Replace \( \) with \[ \] \(UNC1015\)/);
      expect(r.stderr).toMatch(/fixed slips\.unet\(2,1\): Replace 'netwrok' with 'network' \(UNC2001\)/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/no problems/);
      expect(statSync(join(dir, 'clean.unet')).mtimeMs).toBe(cleanBefore);
      expect(readdirSync(dir).sort()).toEqual(['clean.unet', 'slips.unet']);
      const again = runCli(['check', '--fix', 'slips.unet'], { cwd: dir });
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
    } finally {
      cleanup();
    }
  });

  it('leaves errors without a fix in place and exits 1', () => {
    const { dir, cleanup } = scratch({ 'bad.unet': slips.replace('depth = 2', 'depth: -3') });
    try {
      const r = runCli(['check', '--fix', 'bad.unet'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(readFileSync(join(dir, 'bad.unet'), 'utf8')).toContain('depth: -3');
      expect(readFileSync(join(dir, 'bad.unet'), 'utf8')).toContain('network {');
    } finally {
      cleanup();
    }
  });
});

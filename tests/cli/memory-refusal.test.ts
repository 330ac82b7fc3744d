import { existsSync, readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliIsBuilt, hasStackTrace, repoRoot, runCli, scratch } from './run-cli.js';

const huge = readFileSync(join(repoRoot, 'tests/cases/shapes/model-memory.unet'), 'utf8');
/** Every layer fits in a tensor, but the whole needs ~150 GiB to compile: more than a CI machine. */
const large = huge
  .replace(/^ {2}filters: 16384/m, '  filters: 1024')
  .replace('depth: 2', 'depth: 4')
  .replace('convs: 2', 'convs: 8');

beforeAll(() => {
  expect(cliIsBuilt(), 'run `npm run build` first').toBe(true);
});

describe('a model larger than the machine is refused before anything is allocated', () => {
  it('check warns with the memory the model needs (parameters and activations)', () => {
    const { dir, cleanup } = scratch({ 'huge.unet': huge });
    try {
      const r = runCli(['check', 'huge.unet'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /UNC4509: This network needs about 1\.78 TiB of memory to train \(121,870,254,082 parameters: 454\.0 GiB of weights/,
      );
    } finally {
      cleanup();
    }
  });

  it('compile and train refuse filters: 16384 in about a second, with the numbers, writing nothing', () => {
    const { dir, cleanup } = scratch({ 'huge.unet': huge });
    try {
      for (const argv of [
        ['compile', 'huge.unet', '-o', 'out/huge'],
        ['train', 'huge.unet', '--out', 'run', '--backend', 'cpu'],
      ]) {
        const started = Date.now();
        const r = runCli(argv, { cwd: dir });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(
          /unetc: cannot (compile|train) 'huge\.unet': one layer has 38,654,771,200 parameters/,
        );
        expect(hasStackTrace(r.stderr)).toBe(false);
        expect(Date.now() - started).toBeLessThan(20_000);
      }
      expect(existsSync(join(dir, 'out'))).toBe(false);
      expect(existsSync(join(dir, 'run'))).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('compile names the memory needed and the memory this machine has', () => {
    const { dir, cleanup } = scratch({ 'large.unet': large });
    try {
      const r = runCli(['compile', 'large.unet', '-o', 'out/large'], { cwd: dir });
      const need = /needs about ([\d.]+) GiB of memory/.exec(r.stderr);
      expect(need, r.stderr).not.toBeNull();
      expect(Number(need![1]) * 2 ** 30).toBeGreaterThan(totalmem());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/but this machine has [\d.]+ [GM]iB \([\d.]+ [GM]iB free\)/);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});

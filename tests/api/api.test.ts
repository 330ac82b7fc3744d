import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, compile, SpecError, UserError } from '../../src/api/index.js';
import { repoRoot } from '../cli/run-cli.js';

const unet2015 = join(repoRoot, 'specs/unet2015.unet');
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-api-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('check', () => {
  it("gives the paper network's shapes and parameters from a file path", () => {
    const result = check(unet2015);
    expect(result.ok).toBe(true);
    expect(result.model?.summary.params).toBe(31_030_658);
    const nodes = result.model!.graph.nodes;
    expect(nodes.find((n) => n.id === result.model!.graph.input)?.shape).toEqual([572, 572, 1]);
  });

  it('returns spec errors as data, never throws for them, and renders them like unetc check', () => {
    const result = check({ source: 'network { depth: 2 ', fileName: 'half.unet' });
    expect(result.ok).toBe(false);
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => typeof d.code === 'string' && d.span.file === 'half.unet')).toBe(
      true,
    );
    expect(result.format()).toMatch(/^half\.unet\(\d+,\d+\): error UNC\d+: /);
  });

  it('checks at another input size and reads YAML by syntax', () => {
    expect(check(unet2015, { inputSize: [188, 188] }).model?.graph.outputs[0]?.shape).toEqual([4, 4, 2]);
    expect(check(unet2015, { inputSize: [190, 190] }).ok).toBe(false);
    expect(check(join(repoRoot, 'specs/unet-nuclei.yaml')).ok).toBe(true);
  });

  it('throws a one-line UserError when the file cannot be read', () => {
    expect(() => check(join(root, 'missing.unet'))).toThrow(UserError);
    expect(() => check(join(root, 'missing.unet'))).toThrow(/no such file/);
  });
});

describe('compile', () => {
  it('emits in memory without writing, and writes atomically with outDir', async () => {
    const inMemory = await compile(unet2015, { inputSize: [188, 188], seed: 3 });
    expect(inMemory.outDir).toBeUndefined();
    expect(inMemory.files.map((f) => f.name)).toContain('model.json');
    const outDir = join(root, 'compiled');
    const written = await compile(unet2015, { inputSize: [188, 188], seed: 3, outDir });
    expect(written.outDir).toBe(outDir);
    // Plus the list of what unetc wrote, so a recompile replaces only its own files.
    expect((await readdir(outDir)).sort()).toEqual(
      [...inMemory.files.map((f) => f.name), '.unetc-output.json'].sort(),
    );
  });

  it('throws SpecError carrying the diagnostics, and writes nothing', async () => {
    const outDir = join(root, 'never');
    const error = await compile({ source: 'network { depth: 0 }', fileName: 'bad.unet' }, { outDir }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).diagnostics.length).toBeGreaterThan(0);
    expect((error as SpecError).message).toBe("'bad.unet' has errors; nothing written");
    await expect(readdir(outDir)).rejects.toThrow();
  });

  it('rejects a pruning level the network lacks as a UserError', async () => {
    await expect(compile(unet2015, { prune: 2 })).rejects.toThrow(UserError);
  });
});

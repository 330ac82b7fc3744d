import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliIsBuilt, hasStackTrace, repoRoot, runCli, scratch } from './run-cli.js';

beforeAll(() => {
  expect(cliIsBuilt(), 'run `npm run build` first: these tests spawn bin/unetc.js').toBe(true);
});

describe('unetc summary', () => {
  it('prints the layer table and totals of the paper net, as pinned in its golden summary', () => {
    const r = runCli(['summary', 'specs/unet2015.unet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(repoRoot, 'tests/baselines/specs/unet2015.summary.txt'), 'utf8'));
    expect(r.stdout).toContain('31,030,658');
    expect(r.stdout).toMatch(/572×572×1 → 388×388×2/);
    expect(r.stdout).toMatch(/label crop\s+92 px per side/);
  });

  it('answers JSON with the model', () => {
    const r = runCli(['summary', 'specs/unet-nuclei.unet', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { model: { params: number; input: number[]; output: number[] } };
    expect(json.model.params).toBe(1941105);
    expect(json.model.input).toEqual([256, 256, 3]);
    expect(json.model.output).toEqual([256, 256, 1]);
  });

  it('counts parameters both ways: Keras (every weight) and PyTorch (model.parameters())', () => {
    const spec = 'specs/attention-unet-monai.unet';
    const json = JSON.parse(runCli(['summary', spec, '--format', 'json']).stdout) as {
      model: { params: number; trainableParams: number; nonTrainableParams: number };
    };
    // MONAI AttentionUnet(2, 1, 2, (16, 32, 64, 128, 256), (2, 2, 2, 2)): 1,987,434 parameters.
    expect(json.model).toMatchObject({ params: 1990386, trainableParams: 1987434, nonTrainableParams: 2952 });
    const keras = runCli(['summary', spec]).stdout;
    expect(keras).toMatch(/parameters +1,990,386 \(1,987,434 trainable, 2,952 non-trainable, /);
    expect(keras).toMatch(/\nenc0_norm1 +batch norm +128×128×16 +64\n/);
    const pytorch = runCli(['summary', spec, '--convention', 'pytorch']);
    expect(pytorch.code).toBe(0);
    expect(pytorch.stdout).toMatch(
      /parameters +1,987,434 \(PyTorch's model.parameters\(\); 2,952 batch-norm statistics are buffers\)/,
    );
    expect(pytorch.stdout).toMatch(/\nenc0_norm1 +batch norm +128×128×16 +32\n/);
  });

  it('re-checks at --input-size and refuses a spec with errors (exit 1, diagnostics on stderr)', () => {
    const small = runCli(['summary', 'specs/unet2015.unet', '--input-size', '188x188']);
    expect(small.code).toBe(0);
    expect(small.stdout).toMatch(/188×188×1 → 4×4×2/);
    const bad = runCli(['summary', 'specs/unet2015.unet', '--input-size', '570x570']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/error UNC3001/);
    expect(bad.stderr).toMatch(/unetc: 'specs\/unet2015\.unet' has errors; no summary\n$/);
    const nonsense = runCli(['summary', 'specs/unet2015.unet', '--input-size', 'big']);
    expect(nonsense.code).toBe(2);
  });

  it('gives one line for a directory or a missing file', () => {
    const d = runCli(['summary', 'specs']);
    expect(d.code).toBe(2);
    expect(d.stderr).toBe(
      "unetc: cannot read 'specs': it is a directory — pass a spec file (unetc check accepts directories)\n",
    );
    expect(hasStackTrace(d.stderr)).toBe(false);
  });
});

describe('help and version', () => {
  it('prints the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(pkg.version);
    }
  });

  it('lists every command, and every command has --help with examples', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    const names = [...top.stdout.matchAll(/^ {2}(\w[\w-]*) /gm)]
      .map((m) => m[1]!)
      .filter((n) => n !== 'help');
    expect(names).toEqual(expect.arrayContaining(['check', 'summary', 'fmt']));
    for (const name of names) {
      const r = runCli([name, '--help']);
      expect(r.code, `${name} --help`).toBe(0);
      expect(r.stdout, `${name} --help shows examples`).toMatch(/Examples?:/);
    }
  });

  it('rejects an unknown command with a suggestion and exit 2', () => {
    const r = runCli(['sumary', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean summary\?/);
  });

  it('works from another directory with an absolute path', () => {
    const { dir, cleanup } = scratch({});
    try {
      const r = runCli(['check', join(repoRoot, 'specs/unet2015.unet')], { cwd: dir });
      expect(r.code).toBe(0);
    } finally {
      cleanup();
    }
  });
});

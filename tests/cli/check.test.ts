import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIsBuilt, hasStackTrace, repoRoot, runCli, scratch } from './run-cli.js';
import { sarifSubsetSchema } from './sarif-schema.js';

const paper = readFileSync(join(repoRoot, 'specs/unet2015.unet'), 'utf8');
/** An ANSI colour escape (ESC [); built from the code point so no regex holds a control character. */
const ansi = new RegExp(`${String.fromCharCode(27)}\\[`);
const broken = 'name: "broken"\nnetwork {\n  input: 572 x 572 x 1,,\n}\n';

let dir = '';
let cleanup = (): void => {};

beforeAll(() => {
  expect(cliIsBuilt(), 'run `npm run build` first: these tests spawn bin/unetc.js').toBe(true);
  ({ dir, cleanup } = scratch({
    'good/paper.unet': paper,
    'good/nested/deeper/paper-copy.unet': paper,
    'bad/broken.unet': broken,
    'any-ext/unet.dsl': paper,
    'empty-dir/readme.txt': 'not a spec',
    'empty.unet': '',
    'garbage.unet': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0xff, 0xfe, 0x00, 0x10]),
  }));
});
afterAll(() => cleanup());

describe('unetc check: exit codes and one-line errors', () => {
  it('exits 0 on clean specs and says so', () => {
    const r = runCli(['check', 'good'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Checked 2 specs: no problems.');
    expect(r.stderr).toBe('');
  });

  it('exits 1 with tsc-style text, the source line and ~~~ under the span', () => {
    const r = runCli(['check', 'bad/broken.unet'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^bad\/broken\.unet\(3,\d+\): error UNC\d{4}: /m);
    expect(r.stdout).toContain('  3 |   input: 572 x 572 x 1,,');
    expect(r.stdout).toMatch(/\n {2} {2}\| +~+\n/);
    expect(r.stdout).toMatch(/Found \d+ errors? in 1 file/);
    expect(r.stdout).not.toMatch(ansi);
  });

  it('accepts any extension (unet.dsl is .unet text)', () => {
    const r = runCli(['check', 'any-ext/unet.dsl'], { cwd: dir });
    expect(r.code).toBe(0);
  });

  it('exits 2 with one line naming a missing file, and still checks the rest', () => {
    const r = runCli(['check', 'nope.unet', 'good/paper.unet'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("unetc: cannot read 'nope.unet': no such file or directory — check the path\n");
    expect(r.stdout).toContain('Found 1 unreadable file (2 specs checked).');
    const json = JSON.parse(runCli(['check', 'nope.unet', '--format', 'json'], { cwd: dir }).stdout) as {
      files: { file: string; ok: boolean; error?: string }[];
    };
    expect(json.files).toEqual([
      {
        file: 'nope.unet',
        ok: false,
        diagnostics: [],
        error: "cannot read 'nope.unet': no such file or directory — check the path",
      },
    ]);
    const gh = runCli(['check', 'nope.unet', '--format', 'github'], { cwd: dir });
    expect(gh.stdout).toBe(
      "::error file=nope.unet,title=unetc::cannot read 'nope.unet': no such file or directory — check the path\n",
    );
  });

  it('exits 2 for a directory without specs and for a glob without matches', () => {
    const d = runCli(['check', 'empty-dir'], { cwd: dir });
    expect(d.code).toBe(2);
    expect(d.stderr).toBe("unetc: directory 'empty-dir' contains no specs (*.unet, *.yaml, *.yml)\n");
    const g = runCli(['check', 'nowhere/*.unet'], { cwd: dir });
    expect(g.code).toBe(2);
    expect(g.stderr).toBe("unetc: no files match 'nowhere/*.unet'\n");
  });

  it('expands globs', () => {
    const r = runCli(['check', 'good/**/*.unet', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { file: string }[] }).files.map((f) => f.file);
    expect(files).toEqual(['good/nested/deeper/paper-copy.unet', 'good/paper.unet']);
  });

  it('reports an empty file and binary garbage as diagnostics, not crashes', () => {
    const r = runCli(['check', 'empty.unet', 'garbage.unet'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/empty\.unet\(1,1\): error UNC1005/);
    expect(r.stdout).toMatch(/garbage\.unet\(\d+,\d+\): error UNC1006/);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });

  it('rejects a bad flag value with exit 2 and no stack trace', () => {
    const r = runCli(['check', 'good', '--format', 'xml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/xml/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(runCli(['check'], { cwd: dir }).code).toBe(2);
    expect(runCli(['chek', 'good'], { cwd: dir }).stderr).toMatch(/Did you mean check\?/);
  });

  it('colours only when asked (FORCE_COLOR) and never with NO_COLOR', () => {
    expect(runCli(['check', 'bad/broken.unet'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).toMatch(
      ansi,
    );
    expect(runCli(['check', 'bad/broken.unet'], { cwd: dir }).stdout).not.toMatch(ansi);
  });
});

describe('unetc check: machine formats', () => {
  it('prints one JSON object with the issue-2 shape', () => {
    const r = runCli(['check', 'good/paper.unet', 'bad/broken.unet', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as {
      files: {
        file: string;
        ok: boolean;
        diagnostics: Record<string, unknown>[];
        model?: Record<string, unknown> & { layers: Record<string, unknown>[] };
      }[];
    };
    const [good, bad] = json.files;
    expect(good!.file).toBe('good/paper.unet');
    expect(good!.ok).toBe(true);
    expect(bad!.ok).toBe(false);
    const d = bad!.diagnostics[0]!;
    expect(Object.keys(d)).toEqual(
      expect.arrayContaining(['code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']),
    );
    expect(d['line']).toBe(3);
    expect(good!.model, 'a clean spec carries its model').toBeDefined();
    expect(good!.model!['input']).toEqual([572, 572, 1]);
    expect(good!.model!['output']).toEqual([388, 388, 2]);
    expect(good!.model!['outputs']).toEqual([[388, 388, 2]]);
    expect(good!.model!['params']).toBe(31030658);
    expect(good!.model!['convLayers']).toBe(23);
    expect(Object.keys(good!.model!.layers[0]!)).toEqual(
      expect.arrayContaining(['name', 'op', 'output', 'params']),
    );
  });

  it('prints GitHub workflow annotations', () => {
    const r = runCli(['check', 'bad/broken.unet', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(
        /^::error file=bad\/broken\.unet,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=UNC\d{4}::\S/,
      );
    }
  });

  it('writes valid SARIF 2.1.0 to --output, atomically, with rules from the catalogue', () => {
    const r = runCli(['check', 'bad/broken.unet', 'good', '--format', 'sarif', '--output', 'out.sarif'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number }[];
      }[];
    };
    const ajv = new Ajv({ allErrors: true, validateFormats: false });
    const valid = ajv.validate(sarifSubsetSchema, log);
    expect(ajv.errors ?? [], 'SARIF structure').toEqual([]);
    expect(valid).toBe(true);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((x) => x.id)).toContain('UNC9000');
    expect(run.results.length).toBeGreaterThan(0);
    for (const res of run.results) expect(run.tool.driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
  });

  it('says why --output cannot be written, in one line', () => {
    const r = runCli(['check', 'good', '--output', 'no/such/dir/out.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("unetc: cannot write 'no/such/dir/out.txt': its directory does not exist\n");
  });
});

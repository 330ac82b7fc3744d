import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { runCliChild } from '../support/run-cli-child.js';

/**
 * `predict --out` and `eval --output` write into places that hold the user's files: each output
 * file appears whole or not at all, nothing else in the folder is touched, and a write that
 * fails (full disk, read-only mount — simulated in the child by tests/support/fail-writes.mjs)
 * is one line, exit 2, with the previous file left as it was and no temporary left behind.
 */
const specText = `
name: "tiny"
network {
  input: 32 x 32 x 1
  classes: 2
  depth: 2
  filters: 4
  block { convs: 1, kernel: 3, padding: same, activation: relu }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: concat
  head: softmax
}
data {
  images: "img/*.png"
  masks: "lab/*.png"
  classes { membrane: 0, cell: 255 }
  normalize: range(0, 255)
}`;

let dir: string;
const common = ['--backend', 'cpu'];

function gray(path: string, size: number, value: (i: number) => number): void {
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = value(i);
  writeFileSync(path, encode({ width: size, height: size, data, channels: 1, depth: 8 }));
}

/** The lines that are errors (progress lines go to stderr too). */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('unetc:'));
/** unetc's own temporaries: hidden siblings ending in .tmp. */
const temporaries = (folder: string) => readdirSync(folder).filter((n) => n.endsWith('.tmp'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'unetc-predict-outputs-'));
  const spec = join(dir, 'tiny.unet');
  writeFileSync(spec, specText);
  await writeCompiled(compileSource(specText, spec).model!, join(dir, 'run', 'model'), {
    seed: 1,
    weightsFrom: 'a run',
  });
  mkdirSync(join(dir, 'img'));
  mkdirSync(join(dir, 'lab'));
  gray(join(dir, 'img', 'a.png'), 36, (i) => (i * 7) % 256);
  gray(join(dir, 'lab', 'a.png'), 36, (i) => (i % 36 < 18 ? 0 : 255));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('predict --out keeps what the folder holds', () => {
  it('writes beside the user files, replaces only its own outputs, and a failed write keeps the old file', async () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'my notes');
    mkdirSync(join(out, 'keep'));
    writeFileSync(join(out, 'keep', 'x.png'), 'not a png');
    const predict = [
      'predict',
      join(dir, 'run'),
      join(dir, 'img'),
      '--out',
      out,
      '--probabilities',
      ...common,
    ];
    const first = await runCliChild(predict);
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'a.png',
      'a.prob-cell.png',
      'a.prob-membrane.png',
      'keep',
      'notes.txt',
    ]);
    const before = readFileSync(join(out, 'a.prob-cell.png'));

    const full = await runCliChild(predict, { failPath: 'a\\.prob-cell\\.png', failCode: 'ENOSPC' });
    expect(full.code).toBe(2);
    expect(errorLines(full.stderr)).toEqual([
      `unetc: cannot write '${join(out, 'a.prob-cell.png')}': no space left on the device`,
    ]);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, 'a.prob-cell.png')).equals(before)).toBe(true);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes');
    expect(readFileSync(join(out, 'keep', 'x.png'), 'utf8')).toBe('not a png');
    expect(temporaries(out)).toEqual([]);
  }, 60_000);
});

describe('eval --output', () => {
  it('an unwritable report path: exit 2, one line, the previous report intact, no temporary', async () => {
    const reports = join(dir, 'reports');
    mkdirSync(reports);
    const report = join(reports, 'scores.json');
    writeFileSync(report, '{"previous": true}\n');
    const evaluate = [
      'eval',
      '--model',
      join(dir, 'run'),
      '--images',
      join(dir, 'img'),
      '--truth',
      join(dir, 'lab'),
    ];
    for (const code of ['ENOSPC', 'EROFS']) {
      const r = await runCliChild([...evaluate, '--format', 'json', '-o', report, ...common], {
        failPath: 'scores\\.json',
        failCode: code,
      });
      expect(r.code, r.stderr).toBe(2);
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^unetc: cannot write '${report.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': `),
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(report, 'utf8')).toBe('{"previous": true}\n');
      expect(temporaries(reports)).toEqual([]);
    }
    const ok = await runCliChild([...evaluate, '--format', 'json', '-o', report, ...common]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toHaveProperty('images');
  }, 90_000);
});

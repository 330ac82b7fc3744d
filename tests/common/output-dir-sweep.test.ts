import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_MANIFEST, writeOutputDir } from '../../src/common/output-dir.js';
import { runCli } from '../cli/run-cli.js';

let root: string;
/** The PID of a process that has exited: what a killed compile leaves in its temp names. */
let deadPid: number;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-output-sweep-'));
  deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('compile into a directory a killed compile wrote to', () => {
  it("removes the killed compile's temporaries, and nothing of the user's", async () => {
    const out = join(root, 'own');
    await writeOutputDir(out, [
      { name: 'model.json', content: 'v1' },
      { name: 'weights/a.bin', content: 'w' },
    ]);
    const leftovers = [
      `.model.json.${deadPid}-lq2x3k.tmp`,
      `.${OUTPUT_MANIFEST}.${deadPid}-lq2x3k-8fz1qa.tmp`,
      `weights/.a.bin.${deadPid}-lq2x3k.tmp`,
    ];
    const users = [
      'notes.txt',
      '.model.json.tmp',
      `.model.json.${deadPid}.tmp`,
      `.notes.txt.${deadPid}-lq2x3k.tmp`,
      `model.json.${deadPid}-lq2x3k.tmp`,
      // A compile running now (this process) keeps its temporaries.
      `.model.json.${process.pid}-lq2x3k.tmp`,
    ];
    for (const name of [...leftovers, ...users]) writeFileSync(join(out, name), 'x');
    await writeOutputDir(out, [
      { name: 'model.json', content: 'v2' },
      { name: 'weights/a.bin', content: 'w2' },
    ]);
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, 'model.json', 'weights', ...users].sort());
    expect(readdirSync(join(out, 'weights'))).toEqual(['a.bin']);
    for (const name of users) expect(readFileSync(join(out, name), 'utf8')).toBe('x');
    expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe('v2');
  });

  it('a directory holding only the temporaries of a killed first compile is not "someone else\'s"', async () => {
    const out = join(root, 'first');
    mkdirSync(out);
    writeFileSync(join(out, `.model.json.${deadPid}-lq2x3k.tmp`), 'half');
    await writeOutputDir(out, [{ name: 'model.json', content: 'v1' }]);
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, 'model.json']);
  });

  it('a temporary of a file unetc does not write there stays, even with a dead PID', async () => {
    const out = join(root, 'other');
    await writeOutputDir(out, [{ name: 'model.json', content: 'v1' }]);
    const foreign = `.report.html.${deadPid}-lq2x3k.tmp`;
    writeFileSync(join(out, foreign), 'x');
    await writeOutputDir(out, [{ name: 'model.json', content: 'v2' }]);
    expect(readdirSync(out)).toContain(foreign);
  });

  it('unetc compile -o: a folder a killed compile left its temporaries in compiles without --force', () => {
    const out = join(root, 'cli');
    mkdirSync(out);
    const half = [`.model.json.${deadPid}-lq2x3k.tmp`, `.group1-shard1of1.bin.${deadPid}-lq2x3k.tmp`];
    for (const name of half) writeFileSync(join(out, name), 'half');
    const spec = resolve(import.meta.dirname, '../train/fixtures/tiny.unet');
    const r = runCli(['compile', spec, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(
      [OUTPUT_MANIFEST, 'group1-shard1of1.bin', 'model.json', 'plan.json', 'summary.txt'].sort(),
    );
  });
});

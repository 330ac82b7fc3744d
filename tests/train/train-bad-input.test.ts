import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { writePng } from '../../src/runtime/data/write-png.js';

const fixture = resolve(import.meta.dirname, 'fixtures/tiny.unet');
let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-train-bad-'));
  dataDir = join(root, 'data');
  await mkdir(dataDir);
  const gray = (h: number, w: number, c = 1) => ({
    shape: [h, w, c],
    data: new Float32Array(h * w * c).map((_, i) => (i * 37) % 256),
  });
  const mask = (h: number, w: number) => ({
    shape: [h, w, 1],
    data: new Float32Array(h * w).map((_, i) => (i % 7 === 0 ? 0 : 255)),
  });
  await writePng(join(dataDir, 'a.png'), gray(40, 40));
  await writePng(join(dataDir, 'a_mask.png'), mask(40, 40));
  await writePng(join(dataDir, 'rgb.png'), gray(40, 40, 3));
  await writePng(join(dataDir, 'rgb_mask.png'), mask(40, 40));
  await writePng(join(dataDir, 'small_mask.png'), mask(30, 40));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The fixture spec with its data section's images / masks replaced. */
async function specWith(name: string, images: string[], masks: string[]): Promise<string> {
  const text = (await readFile(fixture, 'utf8'))
    .replace(
      /images: \[[^\]]*\]/,
      `images: [${images.map((p) => JSON.stringify(join(dataDir, p))).join(', ')}]`,
    )
    .replace(/masks: \[[^\]]*\]/, `masks: [${masks.map((p) => JSON.stringify(join(dataDir, p))).join(', ')}]`)
    .replace('validation: 34%', 'validation: 0%');
  const path = join(root, `${name}.unet`);
  await writeFile(path, text);
  return path;
}

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    const code = await main(['train', ...args, '--backend', 'cpu', '--workers', '0']);
    if (process.env['SHOW']) console.log(stderr);
    return { code, stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('unetc train rejects bad input before training', () => {
  it('spec errors: prints the diagnostics and exits 1', async () => {
    const bad = join(root, 'bad.unet');
    await writeFile(bad, (await readFile(fixture, 'utf8')).replace('classes: 2', 'classes: "two"'));
    const out = join(root, 'out-bad');
    const { code, stderr } = await run([bad, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/has errors; fix them before training/);
    expect(existsSync(out)).toBe(false);
  });

  it('an output path that is a file', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'mine');
    const { code, stderr } = await run([fixture, '--out', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--out .*a-file is a file/);
    expect(await readFile(file, 'utf8')).toBe('mine');
  });

  it('a non-empty directory that is not a run is left alone (unless --force)', async () => {
    const dir = join(root, 'users-dir');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    const { code, stderr } = await run([fixture, '--out', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/not a unetc run/);
    expect(existsSync(join(dir, 'run.json'))).toBe(false);
  });

  it('images that match nothing', async () => {
    const spec = await specWith('missing', ['nope-*.png'], ['nope-*_mask.png']);
    const { code, stderr } = await run([spec, '--out', join(root, 'out-missing')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/nope/);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^unetc: /);
    // a run that failed its preflight can be retried in the same --out
    const again = await run([spec, '--out', join(root, 'out-missing')]);
    expect(again.stderr).toMatch(/matches no/);
  });

  it('images whose channels do not match the network', async () => {
    const spec = await specWith('rgb', ['a.png', 'rgb.png'], ['a_mask.png', 'rgb_mask.png']);
    const out = join(root, 'out-rgb');
    const { code, stderr } = await run([spec, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/rgb\.png has 3 channels but the network's input has 1/);
    expect(existsSync(join(out, 'train.jsonl'))).toBe(false);
  });

  it('a mask of the wrong size', async () => {
    const spec = await specWith('small', ['a.png'], ['small_mask.png']);
    const { code, stderr } = await run([spec, '--out', join(root, 'out-small')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/size mismatch|30×40|40×30/);
  });

  it('early_stop with select_by: last (nothing to watch)', async () => {
    const text = (await readFile(fixture, 'utf8')).replace(
      'select_by: dice',
      'select_by: last\n  early_stop { patience: 2 }',
    );
    const path = join(root, 'last-early.unet');
    await writeFile(path, text);
    const { code, stderr } = await run([path, '--out', join(root, 'last-early-run')]);
    // A spec rule, so the checker reports it (with its line) before training starts.
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /error UNC4510: early_stop watches the select_by metric, and select_by: last has none/,
    );
    expect(stderr).toMatch(/has errors; fix them before training/);
    expect(existsSync(join(root, 'last-early-run'))).toBe(false);
  });

  it('an existing run without --resume or --force', async () => {
    const out = join(root, 'existing-run');
    await mkdir(out);
    await writeFile(
      join(out, 'run.json'),
      JSON.stringify({ format: 'unetc-run', version: 1, spec: 'x', seed: 3, created: '' }),
    );
    await writeFile(join(out, 'train.jsonl'), '');
    const { code, stderr } = await run([fixture, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/already holds a training run; pass --resume/);
  });
});

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_MANIFEST, writeOutputDir } from '../../src/common/output-dir.js';
import { UserError } from '../../src/common/user-error.js';
import { readCompiledDir } from '../../src/runtime/model/read-compiled.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-output-dir-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('writeOutputDir (every compile target writes through it)', () => {
  it('replaces only its own files: what it writes now and what its manifest says it wrote before', async () => {
    const out = join(root, 'own');
    await writeOutputDir(out, [
      { name: 'model.py', content: 'v1' },
      { name: 'weights/a.bin', content: 'w' },
    ]);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    // Another target (say onnx) into the same directory: the old target's files go, the user's stay.
    await writeOutputDir(out, [{ name: 'model.onnx', content: 'onnx' }]);
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, 'model.onnx', 'notes.txt']);
    expect(JSON.parse(readFileSync(join(out, OUTPUT_MANIFEST), 'utf8'))).toMatchObject({
      files: ['model.onnx'],
    });
  });

  it('a failed write leaves the previous files as they were and no temporaries', async () => {
    const out = join(root, 'failed');
    await writeOutputDir(out, [{ name: 'a.txt', content: 'old' }]);
    writeFileSync(join(out, 'blocker'), 'a file where a folder is needed');
    await expect(
      writeOutputDir(out, [
        { name: 'a.txt', content: 'new' },
        { name: 'blocker/b.txt', content: 'b' },
      ]),
    ).rejects.toThrow(UserError);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('old');
    expect(readdirSync(out).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('refuses a non-empty foreign directory unless forced', async () => {
    const out = join(root, 'foreign');
    mkdirSync(out);
    writeFileSync(join(out, 'x'), 'x');
    await expect(writeOutputDir(out, [{ name: 'a', content: 'a' }])).rejects.toThrow(/pass --force/);
    await writeOutputDir(out, [{ name: 'a', content: 'a' }], { force: true });
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, 'a', 'x']);
  });
});

describe('readCompiledDir (predict, eval, train on a compiled directory)', () => {
  it('refuses weight paths outside the model directory and shards of the wrong size', async () => {
    const dir = join(root, 'model');
    mkdirSync(dir);
    const manifest = (paths: string[]) => ({
      modelTopology: {},
      weightsManifest: [{ paths, weights: [{ name: 'k', shape: [2, 2], dtype: 'float32' }] }],
    });
    writeFileSync(join(dir, 'plan.json'), '{}');
    writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest(['../../../../etc/passwd'])));
    await expect(readCompiledDir(dir)).rejects.toThrow(/is not inside/);
    writeFileSync(join(dir, 'w.bin'), Buffer.alloc(12));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest(['w.bin'])));
    await expect(readCompiledDir(dir)).rejects.toThrow(/hold 12 bytes, its manifest needs 16/);
    writeFileSync(join(dir, 'w.bin'), Buffer.alloc(16));
    // Weights in order, but a plan that is not one: refused before anything trusts it.
    await expect(readCompiledDir(dir)).rejects.toThrow(/plan\.json is not a unetc plan/);
  });
});

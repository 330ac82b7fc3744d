import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OutputPathError,
  writeDirAtomic,
  writeFileAtomic,
  writeFileAtomicAsync,
} from '../../src/common/atomic-write.js';
import { UserError } from '../../src/common/user-error.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unetc-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic / writeFileAtomicAsync', () => {
  it('replaces a file and leaves no temp sibling', async () => {
    const path = join(dir, 'out.txt');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    await writeFileAtomicAsync(path, new Uint8Array([104, 105]));
    expect(readFileSync(path, 'utf8')).toBe('hi');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('creates parent directories only when asked', async () => {
    const path = join(dir, 'a', 'b', 'out.txt');
    expect(() => writeFileAtomic(path, 'x')).toThrow(
      new UserError(`cannot write '${path}': its directory does not exist`),
    );
    await expect(writeFileAtomicAsync(path, 'x')).rejects.toThrow(/its directory does not exist/);
    await writeFileAtomicAsync(path, 'x', { mkdirs: true });
    expect(readFileSync(path, 'utf8')).toBe('x');
  });

  it('names the path in one line when the target is a directory, and cleans up its temp file', () => {
    expect(() => writeFileAtomic(dir, 'x')).toThrow(UserError);
    expect(() => writeFileAtomic(join(dir, 'sub'), 'x')).not.toThrow();
    const target = join(dir, 'sub');
    rmSync(target);
    writeFileSync(join(dir, 'file'), '');
    expect(() => writeFileAtomic(join(dir, 'file', 'x'), 'x')).toThrow(/a parent path is a file/);
    expect(readdirSync(dir)).toEqual(['file']);
  });
});

describe('writeDirAtomic', () => {
  it('writes nested files and replaces an existing directory as a whole', async () => {
    const out = join(dir, 'model');
    await writeDirAtomic(out, [
      { name: 'a.txt', content: 'one' },
      { name: 'stale.txt', content: 'old' },
    ]);
    const written = await writeDirAtomic(out, [
      { name: 'a.txt', content: 'two' },
      { name: 'sub/b.bin', content: new Uint8Array([1, 2]) },
    ]);
    expect(written).toEqual([join(out, 'a.txt'), join(out, 'sub/b.bin')]);
    expect(readdirSync(out).sort()).toEqual(['a.txt', 'sub']);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['model']);
  });

  it('refuses a file at the output path with a UserError', async () => {
    const file = join(dir, 'taken');
    writeFileSync(file, 'keep');
    const attempt = writeDirAtomic(file, [{ name: 'a.txt', content: 'x' }]);
    await expect(attempt).rejects.toThrow(OutputPathError);
    await expect(writeDirAtomic(file, [])).rejects.toBeInstanceOf(UserError);
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });
});

import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliChild } from '../support/run-cli-child.js';
import { scratch, hasStackTrace } from './run-cli.js';

/** A tiny network (compiles in well under a second); `name` as a hostile spec might give it. */
function specNamed(name: string): string {
  return `name: ${JSON.stringify(name)}
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
`;
}

const { dir: root, cleanup } = scratch({});
afterAll(cleanup);

/** `root/<case>/{victim/keep.txt, work/a/b/{spec.unet, mine.txt}}`: cwd is work/a/b. */
function layout(name: string, specName: string) {
  const base = join(root, name);
  const cwd = join(base, 'work', 'a', 'b');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(join(base, 'work', 'victim'), { recursive: true });
  writeFileSync(join(base, 'work', 'victim', 'keep.txt'), 'victim data');
  writeFileSync(join(cwd, 'mine.txt'), 'my notes');
  writeFileSync(join(cwd, 'spec.unet'), specNamed(specName));
  return { base, cwd };
}

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('unetc:'));
}

describe('compile without -o: the spec name stays one folder under out/', () => {
  for (const [label, name] of [
    ['..', '..'],
    ['../../victim', '../../victim'],
    ['an escape sequence', 'net\u001b[2J'],
  ] as const) {
    it(`refuses name ${label} in one line, exit 2, files intact`, async () => {
      const { base, cwd } = layout(label.replace(/\W/g, '_') || 'dots', name);
      const r = await runCliChild(['compile', 'spec.unet'], { cwd });
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/cannot be a folder name under out\/.*rename the spec or give -o <dir>/);
      expect(r.stderr).not.toContain('\u001b');
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(readFileSync(join(cwd, 'mine.txt'), 'utf8')).toBe('my notes');
      expect(readFileSync(join(base, 'work', 'victim', 'keep.txt'), 'utf8')).toBe('victim data');
      expect(existsSync(join(cwd, 'out'))).toBe(false);
    });
  }

  it('train without --out is held to the same rule under runs/', async () => {
    const { base, cwd } = layout('train', '../../victim');
    const r = await runCliChild(['train', 'spec.unet'], { cwd });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      `unetc: the spec's name "../../victim" cannot be a folder name under runs/ (it contains a path separator); rename the spec or give --out <dir>`,
    ]);
    expect(readFileSync(join(base, 'work', 'victim', 'keep.txt'), 'utf8')).toBe('victim data');
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });

  it('a plain name still writes out/<name>', async () => {
    const { cwd } = layout('plain', 'tiny-net');
    const r = await runCliChild(['compile', 'spec.unet'], { cwd });
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, 'out', 'tiny-net', 'model.json'))).toBe(true);
  });
});

describe('compile -o <existing directory>', () => {
  function userDir(name: string) {
    const { cwd } = layout(name, 'tiny');
    const out = join(cwd, 'results');
    mkdirSync(join(out, 'sub'), { recursive: true });
    writeFileSync(join(out, 'notes.txt'), 'notes');
    writeFileSync(join(out, 'sub', 'data.csv'), '1,2');
    return { cwd, out };
  }

  it('refuses a non-empty directory unetc did not write: exit 2, one line naming --force, nothing touched', async () => {
    const { cwd, out } = userDir('refuse');
    const r = await runCliChild(['compile', 'spec.unet', '-o', 'results'], { cwd });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      'unetc: results is a non-empty directory that unetc did not write; give a new or empty directory, or pass --force to replace only the files compile writes (model.json, group1-shard1of1.bin, plan.json, summary.txt) and keep the rest',
    ]);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'sub']);
  });

  it("with --force writes its own files and keeps the user's; a recompile needs no --force", async () => {
    const { cwd, out } = userDir('force');
    const r = await runCliChild(['compile', 'spec.unet', '-o', 'results', '--force'], { cwd });
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('notes');
    expect(readFileSync(join(out, 'sub', 'data.csv'), 'utf8')).toBe('1,2');
    expect(existsSync(join(out, 'model.json'))).toBe(true);
    const again = await runCliChild(['compile', 'spec.unet', '-o', 'results', '--seed', '9'], { cwd });
    expect(again.code).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('notes');
    expect(readdirSync(out).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('-o . never wipes the working directory', async () => {
    const { cwd } = layout('dot', 'tiny');
    const refused = await runCliChild(['compile', 'spec.unet', '-o', '.'], { cwd });
    expect(refused.code).toBe(2);
    expect(readdirSync(cwd).sort()).toEqual(['mine.txt', 'spec.unet']);
    const forced = await runCliChild(['compile', 'spec.unet', '-o', '.', '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(cwd, 'mine.txt'), 'utf8')).toBe('my notes');
    expect(readFileSync(join(cwd, 'spec.unet'), 'utf8')).toBe(specNamed('tiny'));
    expect(existsSync(join(cwd, 'plan.json'))).toBe(true);
  });

  it('an unwritable output (EROFS, EACCES, ENOSPC) is exit 2 naming the path, previous files intact, no temporaries', async () => {
    const { cwd } = layout('readonly', 'tiny');
    expect((await runCliChild(['compile', 'spec.unet', '-o', 'model'], { cwd })).code).toBe(0);
    const before = readFileSync(join(cwd, 'model', 'group1-shard1of1.bin'));
    for (const code of ['EROFS', 'EACCES', 'ENOSPC']) {
      const r = await runCliChild(['compile', 'spec.unet', '-o', 'model', '--seed', '5'], {
        cwd,
        failPath: '/model/\\.',
        failCode: code,
      });
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^unetc: cannot write 'model\/[^']+': (the file system is read-only|permission denied|no space left on the device)$/m,
      );
      expect(readFileSync(join(cwd, 'model', 'group1-shard1of1.bin')).equals(before)).toBe(true);
      expect(readdirSync(join(cwd, 'model')).filter((n) => n.includes('.tmp'))).toEqual([]);
    }
  });
});

describe('weight paths in model.json stay inside the model folder', () => {
  async function compiled(name: string) {
    const { cwd } = layout(name, 'tiny');
    expect((await runCliChild(['compile', 'spec.unet', '-o', 'm'], { cwd })).code).toBe(0);
    const modelJson = join(cwd, 'm', 'model.json');
    const json = JSON.parse(readFileSync(modelJson, 'utf8')) as { weightsManifest: { paths: string[] }[] };
    const setPaths = (paths: string[]) => {
      json.weightsManifest[0]!.paths = paths;
      writeFileSync(modelJson, JSON.stringify(json));
    };
    return { cwd, dir: join(cwd, 'm'), setPaths };
  }

  it('refuses ../ and absolute paths before reading anything', async () => {
    const { cwd, setPaths } = await compiled('escape');
    for (const p of ['../../../../../../etc/passwd', '/etc/passwd', 'x/../../mine.txt']) {
      setPaths([p]);
      const r = await runCliChild(['compile', 'spec.unet', '-o', 'n', '--weights', 'm'], { cwd });
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/which is not inside m; weight paths must be plain file names/);
      expect(existsSync(join(cwd, 'n'))).toBe(false);
    }
  });

  it('refuses a symlink leading outside (/dev/zero) and a shard of the wrong size', async () => {
    const { cwd, dir: dir2, setPaths } = await compiled('links');
    const size = readFileSync(join(dir2, 'group1-shard1of1.bin')).length;
    symlinkSync('/dev/zero', join(dir2, 'zero.bin'));
    setPaths(['zero.bin']);
    const zero = await runCliChild(['compile', 'spec.unet', '-o', 'n', '--weights', 'm'], { cwd });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/the weight file "zero.bin" leads outside m \(a link to \/dev\/zero\)/);
    setPaths(['group1-shard1of1.bin']);
    truncateSync(join(dir2, 'group1-shard1of1.bin'), size - 4);
    const short = await runCliChild(['compile', 'spec.unet', '-o', 'n', '--weights', 'm'], { cwd });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(new RegExp(`hold ${size - 4} bytes, its manifest needs ${size}`));
  });
});

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = mkdtempSync(path.join(tmpdir(), 'unetc-compile-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const specs = path.resolve(import.meta.dirname, '../../specs');

/** Runs `unetc …` in-process, capturing what it prints. */
async function unetc(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('unetc compile', () => {
  it('writes the compiled directory and says what it wrote', async () => {
    const dir = path.join(root, 'nuclei');
    const r = await unetc('compile', path.join(specs, 'unet-nuclei.unet'), '-o', dir, '--seed', '4');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /compiled .*unet-nuclei\.unet → .*nuclei\/ .*1,941,105 params, 256×256×3 → 256×256×1/,
    );
    expect(readdirSync(dir).sort()).toEqual([
      '.unetc-output.json',
      'group1-shard1of1.bin',
      'model.json',
      'plan.json',
      'summary.txt',
    ]);
    const plan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8')) as {
      provenance: { seed: number };
    };
    expect(plan.provenance.seed).toBe(4);
  });

  it('carries weights over from another compiled directory with --weights (by layer name)', async () => {
    const src = path.join(root, 'nuclei');
    const dir = path.join(root, 'nuclei-128');
    const r = await unetc(
      'compile',
      path.join(specs, 'unet-nuclei.unet'),
      '-o',
      dir,
      '--input-size',
      '128x128',
      '--weights',
      src,
    );
    expect(r.code).toBe(0);
    // Weights do not depend on the input size: same bytes, different topology.
    expect(
      readFileSync(path.join(dir, 'group1-shard1of1.bin')).equals(
        readFileSync(path.join(src, 'group1-shard1of1.bin')),
      ),
    ).toBe(true);
    expect(readFileSync(path.join(dir, 'model.json'), 'utf8')).toContain(
      '"batch_input_shape":[null,128,128,3]',
    );
  });

  it('prunes U-Net++ to L2 reusing trained weights (--prune L2 --weights)', async () => {
    const full = path.join(root, 'unetpp');
    const spec = path.join(specs, 'unetpp.unet');
    expect((await unetc('compile', spec, '-o', full, '--input-size', '16x16')).code).toBe(0);
    const r = await unetc(
      'compile',
      spec,
      '-o',
      path.join(root, 'unetpp-l2'),
      '--input-size',
      '16x16',
      '--prune',
      'L2',
      '--weights',
      full,
    );
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const plan = JSON.parse(readFileSync(path.join(root, 'unetpp-l2', 'plan.json'), 'utf8')) as {
      provenance: { prune: number; weightsFrom: string };
      graph: { outputs: { name: string; node: string }[] };
    };
    expect(plan.provenance).toMatchObject({ prune: 2, weightsFrom: full });
    expect(plan.graph.outputs.map((o) => [o.name, o.node])).toEqual([['main', 'head_x0_2']]);
  });

  it('notes when model.json needs unetc layers to load elsewhere', async () => {
    const r = await unetc(
      'compile',
      path.join(specs, 'monai-basicunet.unet'),
      '-o',
      path.join(root, 'monai'),
      '--input-size',
      '16x16',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /note: model.json uses unetc layers \(UnetcInstanceNormalization\); .*import 'unetc\/layers'/,
    );
  });

  it('explains --prune on a network without that head', async () => {
    const r = await unetc(
      'compile',
      path.join(specs, 'unet-nuclei.unet'),
      '-o',
      path.join(root, 'p'),
      '--prune',
      'L2',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'unetc: --prune L2: the network has no supervision head on X0_2 to prune to (its outputs: main)\n',
    );
    const bad = await unetc('compile', path.join(specs, 'unet-nuclei.unet'), '--prune', 'two');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--prune 'two' is not a pruning level — write e.g. L2/);
  });

  it('reports spec errors with exit 1 and writes nothing', async () => {
    const spec = path.join(root, 'bad.unet');
    writeFileSync(spec, 'network { input: 572 x 572 x 1, depth: banana }\n');
    const dir = path.join(root, 'bad-out');
    const r = await unetc('compile', spec, '-o', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has errors; nothing written/);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses an output path that is a file, in one line, exit 2', async () => {
    const file = path.join(root, 'occupied');
    writeFileSync(file, 'x');
    const r = await unetc('compile', path.join(specs, 'unet-nuclei.unet'), '-o', file);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `unetc: output path ${file} is a file; give a directory (it is created if missing)`,
    ]);
  });

  it('explains a --weights directory that is not a model', async () => {
    const r = await unetc(
      'compile',
      path.join(specs, 'unet-nuclei.unet'),
      '-o',
      path.join(root, 'w'),
      '--weights',
      root,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^unetc: cannot read .*model\.json \(not found\); --weights needs a directory written by unetc compile or train\n$/,
    );
  });

  it('rejects weights of a different network by variable name', async () => {
    const r = await unetc(
      'compile',
      path.join(specs, 'unet2015.unet'),
      '-o',
      path.join(root, 'x'),
      '--weights',
      path.join(root, 'nuclei'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^unetc: (weights from .* have no variable|variable ').*\n$/);
  });
});

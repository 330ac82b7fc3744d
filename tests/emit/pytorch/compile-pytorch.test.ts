import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../../src/compiler/emit/pytorch/safetensors.js';
import { tfjsToTorchTensors, torchTensorsToTfjs } from '../../../src/compiler/emit/pytorch/torch-weights.js';
import { readModelDirWeights } from '../../../src/compiler/emit/weights-file.js';
import { compileSource } from '../../../src/compiler/pipeline.js';
import { loadCompiled } from '../../../src/runtime/model/load-compiled.js';
import { runCli } from '../../support/run-cli.js';

/**
 * The user's round trip: `compile --target pytorch`, train (here: change) the weights in PyTorch
 * and save them with the package's save_weights, then `compile --weights trained.safetensors`
 * writes a tfjs model (what predict / eval / report load) with exactly those weights.
 */
const python = process.env['UNETC_PYTHON'] ?? '/usr/bin/python3';
const specs = path.resolve(import.meta.dirname, '../../../specs');
const root = mkdtempSync(path.join(tmpdir(), 'unetc-compile-pytorch-'));
const pkg = path.join(root, 'nuclei-pytorch');
const nuclei = path.join(specs, 'unet-nuclei.unet');
let compiled: Awaited<ReturnType<typeof runCli>>;

/** "Training" in PyTorch: every float tensor changed, saved with the package's save_weights. */
const CHANGE_WEIGHTS = `
import sys, torch
sys.path.insert(0, sys.argv[1])
from model import UNet
from weights import load_weights, save_weights
net = UNet()
load_weights(net, sys.argv[1] + "/weights.safetensors")
with torch.no_grad():
    for t in net.state_dict().values():
        if t.is_floating_point():
            t.mul_(1.5).add_(0.125)
save_weights(net, sys.argv[1] + "/trained.safetensors")
`;

beforeAll(async () => {
  compiled = await runCli(['compile', nuclei, '--target', 'pytorch', '-o', pkg]);
  if (compiled.code === 0) execFileSync(python, ['-c', CHANGE_WEIGHTS, pkg]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('unetc compile --target pytorch and back', () => {
  it('writes the package and says so', () => {
    expect(compiled.err).toBe('');
    expect(compiled.code).toBe(0);
    expect(compiled.out).toMatch(
      /compiled .*unet-nuclei\.unet → .*model\.py, weights\.py, weights\.safetensors/,
    );
    expect(readdirSync(pkg).sort()).toEqual(
      [
        '.unetc-output.json',
        'README.md',
        'augment.py',
        'data.py',
        'losses.py',
        'metrics.py',
        'model.py',
        'plan.json',
        'run_state.py',
        'summary.txt',
        'train.py',
        'trained.safetensors',
        'weights.py',
        'weights.safetensors',
      ].sort(),
    );
    expect(readFileSync(path.join(pkg, 'model.py'), 'utf8')).toContain('class UNet(nn.Module):');
  });

  it('compiles a PyTorch-trained state dict back into a loadable tfjs model, bit-exact', async () => {
    const out = path.join(root, 'nuclei-tfjs');
    const trained = path.join(pkg, 'trained.safetensors');
    const r = await runCli(['compile', nuclei, '--weights', trained, '-o', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const model = compileSource(readFileSync(nuclei, 'utf8'), nuclei).model!;
    const expected = torchTensorsToTfjs(model, decodeSafetensors(readFileSync(trained), trained));
    const written = await readModelDirWeights(out);
    expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, values] of expected) {
      expect(Buffer.from(written.get(name)!.buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
    }
    const initial = torchTensorsToTfjs(
      model,
      decodeSafetensors(readFileSync(path.join(pkg, 'weights.safetensors')), 'w'),
    );
    expect(written.get('head/bias')![0]).toBe(initial.get('head/bias')![0]! * 1.5 + 0.125);
    const { model: net } = await loadCompiled(out);
    expect(net.countParams()).toBe(model.summary.params);
    net.dispose();
  });

  it('carries a tfjs model’s weights into weights.safetensors (compile --target pytorch --weights dir)', async () => {
    const tfjsDir = path.join(root, 'nuclei-tfjs');
    const out = path.join(root, 'nuclei-from-tfjs');
    const r = await runCli(['compile', nuclei, '--target', 'pytorch', '--weights', tfjsDir, '-o', out]);
    expect(r.code).toBe(0);
    const model = compileSource(readFileSync(nuclei, 'utf8'), nuclei).model!;
    const written = decodeSafetensors(readFileSync(path.join(out, 'weights.safetensors')), 'w');
    const expected = tfjsToTorchTensors(model, await readModelDirWeights(tfjsDir));
    expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, t] of expected) {
      expect(written.get(name)!.shape, name).toEqual(t.shape);
      expect(Buffer.from(written.get(name)!.data.buffer).equals(Buffer.from(t.data.buffer)), name).toBe(true);
    }
  });

  it('refuses a state dict of another spec in one line, naming the file', async () => {
    const other = path.join(root, 'other');
    const built = await runCli([
      'compile',
      path.join(specs, 'unetpp.unet'),
      '--target',
      'pytorch',
      '-o',
      other,
    ]);
    expect(built.code).toBe(0);
    const bad = path.join(other, 'weights.safetensors');
    const r = await runCli(['compile', nuclei, '--weights', bad, '-o', path.join(root, 'x')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(bad);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import { makeImage } from '../../src/runtime/data/image.js';
import { forInference, useInferenceBackend } from '../../src/runtime/onnx/inference-backend.js';
import { loadPredictor } from '../../src/runtime/predict/load-predictor.js';
import { predictTiled } from '../../src/runtime/predict/predict-tiled.js';
import { retiledPredictor } from '../../src/runtime/predict/retile.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { runCli as run } from '../support/run-cli.js';

const isbiDir = path.resolve(import.meta.dirname, '../../examples/isbi2012');
const slices = ['16.png', '17.png'].map((f) => join(isbiDir, 'data', 'image', f));

/** The ISBI example's network at 8 base filters (fresh seeded weights): same ops, a fraction of the cost. */
function isbiSpec(): string {
  return readFileSync(join(isbiDir, 'isbi.unet'), 'utf8').replace('filters: 32', 'filters: 8');
}

function labels(file: string): Uint8Array {
  return decode(readFileSync(file)).data as Uint8Array;
}

/** Probability of class `cell` (16-bit PNG) per pixel. */
function cellProbability(file: string): Float64Array {
  const png = decode(readFileSync(file));
  return Float64Array.from(png.data as Uint16Array, (v) => v / 65535);
}

describe('unetc predict --backend onnx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unetc-predict-onnx-'));
  const model = join(dir, 'run', 'model');
  beforeAll(async () => {
    const spec = join(dir, 'isbi.unet');
    writeFileSync(spec, isbiSpec());
    await writeCompiled(compileSource(isbiSpec(), spec).model!, model, { seed: 5, weightsFrom: 'test' });
  });

  it('gives the label PNGs of --backend wasm on ISBI slices (ties within 1e-5 aside), with TTA and batched tiles', async () => {
    const common = [model, ...slices, '--tta', 'flips', '--probabilities'];
    const wasm = await run(['predict', ...common, '--out', join(dir, 'wasm'), '--backend', 'wasm']);
    expect(wasm.code, wasm.err).toBe(0);
    const onnx = await run([
      'predict',
      ...common,
      '--out',
      join(dir, 'onnx'),
      '--backend',
      'onnx',
      '--batch',
      '4',
    ]);
    expect(onnx.code, onnx.err).toBe(0);
    expect(onnx.err).toMatch(/^backend: onnx \(onnxruntime-node/m);
    for (const name of ['16', '17']) {
      const a = labels(join(dir, 'wasm', `${name}.png`));
      const b = labels(join(dir, 'onnx', `${name}.png`));
      const p = cellProbability(join(dir, 'wasm', `${name}.prob-cell.png`));
      const q = cellProbability(join(dir, 'onnx', `${name}.prob-cell.png`));
      expect(a.length).toBe(512 * 512);
      const differing = [...a.keys()].filter((i) => a[i] !== b[i]);
      // A label may differ only where the two classes tie (p ≈ 0.5 within the PNG's 16-bit step).
      expect(differing.every((i) => Math.abs(p[i]! - 0.5) <= 1e-5 + 1 / 65535)).toBe(true);
      expect(differing.length).toBeLessThan(10);
      let maxDiff = 0;
      for (let i = 0; i < p.length; i++) maxDiff = Math.max(maxDiff, Math.abs(p[i]! - q[i]!));
      expect(maxDiff).toBeLessThanOrEqual(2 / 65535);
    }
  }, 600_000);

  it('eval --model --backend onnx scores like wasm', async () => {
    const args = (backend: string) => [
      'eval',
      '--model',
      model,
      '--images',
      join(isbiDir, 'data', 'image', '16.png'),
      '--truth',
      join(isbiDir, 'data', 'label'),
      '--backend',
      backend,
      '--format',
      'json',
    ];
    const wasm = await run(args('wasm'));
    const onnx = await run(args('onnx'));
    expect(onnx.code, onnx.err).toBe(0);
    expect(onnx.out).toBe(wasm.out);
  }, 600_000);

  it('an onnxruntime predictor retiles (same weights at a larger tile) and tiles like tfjs, batched', async () => {
    const text = `name: "same"
network { input: 32 x 32 x 1, classes: 3, depth: 2, filters: 4, block { padding: same, norm: group(2) }, skip: concat }`;
    const compiled = join(dir, 'same');
    await writeCompiled(compileSource(text, 'same.unet').model!, compiled, { seed: 2, weightsFrom: 'test' });
    const source = { modelDir: compiled, checked: null, specPath: compiled };
    const image = makeImage(
      [70, 50, 1],
      new Float32Array(70 * 50).map((_, i) => Math.sin(i / 7)),
    );
    const options = { border: 'mirror' as const, overlap: [8, 8], blend: 'none' as const, batch: 3 };
    const engine = await useInferenceBackend('onnx');
    const onnx = await retiledPredictor(await forInference(await loadPredictor(source), engine), [48, 48]);
    expect(onnx.runner.engine).toBe('onnxruntime');
    expect(onnx.input).toEqual([48, 48]);
    const tfjs = await retiledPredictor(await loadPredictor(source), [48, 48]);
    const a = await predictTiled(onnx, image, options);
    const b = await predictTiled(tfjs, image, options);
    expect(a.shape).toEqual([70, 50, 3]);
    let diff = 0;
    for (let i = 0; i < a.data.length; i++) diff = Math.max(diff, Math.abs(a.data[i]! - b.data[i]!));
    expect(diff).toBeLessThanOrEqual(1e-5);
    onnx.runner.dispose();
    tfjs.runner.dispose();
  });

  it('auto prefers onnxruntime to wasm (libtensorflow, when installed, comes first)', async () => {
    const auto = await useInferenceBackend('auto');
    expect(['onnx', 'tensorflow']).toContain(auto.selected.name);
    if (auto.selected.name === 'onnx') expect(auto.selected.reason).toMatch(/onnxruntime-node .* on the CPU/);
    const help = await run(['predict', '--help']);
    expect(help.out.replace(/\s+/g, ' ')).toMatch(/choices: "auto", "tensorflow", "wasm", "cpu", "onnx"/);
  });
});

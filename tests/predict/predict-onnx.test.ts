import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCompiled } from '../../src/compiler/emit/write-compiled.js';
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
});

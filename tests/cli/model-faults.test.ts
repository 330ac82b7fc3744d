import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpecFile } from '../../src/cli/spec-options.js';
import { writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import { compiledWeights } from '../../src/runtime/train/run-outputs.js';
import { grayPng, tinyData, tinySpec } from '../support/fault-fixtures.js';
import { hasStackTrace, runCli } from './run-cli.js';

/**
 * Models and predictions that used to give silently wrong results: a model holding NaN or Inf
 * weights (every pixel "background", exit 0) and an RGBA rendering scored as a label map.
 */
let root: string;
let badModel: string;

/** The tiny network, "trained" weights but for one NaN (or Inf) — written by the product itself. */
async function modelWith(value: number, name: string): Promise<string> {
  const { model: checked } = compileSpecFile(tinySpec(root, 'tiny'));
  const fresh = join(root, `${name}-fresh`);
  await writeCompiled(checked!, fresh, { seed: 1 });
  const weights = await compiledWeights(fresh);
  const [first] = [...weights.keys()];
  weights.get(first!)![3] = value;
  const dir = join(root, name);
  await writeCompiled(checked!, dir, { seed: 1, weights, weightsFrom: 'a diverged run' });
  return dir;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'unetc-model-faults-'));
  tinyData(root);
  badModel = await modelWith(Number.NaN, 'nan-model');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function expectOneLine(r: { code: number; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const last = r.stderr.trim().split('\n').at(-1)!;
  expect(last).toMatch(/^unetc: /);
  expect(last).toMatch(pattern);
  expect(hasStackTrace(r.stderr)).toBe(false);
}

describe('NaN / Inf weights are refused when a model is loaded', () => {
  it('predict names the model file and writes nothing', () => {
    const out = join(root, 'pred-nan');
    const r = runCli(['predict', badModel, join(root, 'img', 'a.png'), '--out', out, '--backend', 'cpu']);
    expectOneLine(r, /nan-model[/\\]model\.json: weight '.+' holds 1 of \d+ values that are NaN/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('eval --model names the model file', () => {
    const r = runCli([
      'eval',
      '--model',
      badModel,
      '--images',
      join(root, 'img'),
      '--truth',
      join(root, 'mask'),
      '--backend',
      'cpu',
    ]);
    expectOneLine(r, /nan-model[/\\]model\.json: weight .* NaN/);
  });

  it('Infinity too', async () => {
    const inf = await modelWith(Number.POSITIVE_INFINITY, 'inf-model');
    const r = runCli(['predict', inf, join(root, 'img', 'a.png'), '--out', join(root, 'pred-inf')]);
    expectOneLine(r, /inf-model[/\\]model\.json: weight .* Infinity/);
  });
});

describe('predict refuses images outside the declared normalize range', () => {
  it('a 16-bit image for a model trained with range(0, 255) names the file', async () => {
    const model = await modelWith(0.01, 'finite-model');
    const image = join(root, 'deep', 'sixteen.png');
    grayPng(image, 40, (i) => (i * 997) % 65536, 16);
    const out = join(root, 'pred-16');
    const r = runCli(['predict', model, image, '--out', out, '--backend', 'cpu']);
    expectOneLine(
      r,
      /deep[/\\]sixteen\.png: pixel values span .* \(16-bit\), far outside normalize: range\(0, 255\)/,
    );
    expect(existsSync(join(out, 'sixteen.png'))).toBe(false);
  });
});

describe('eval refuses a prediction that is not a one-channel label map', () => {
  it('an RGBA prediction names the file', () => {
    const pred = join(root, 'rgba-pred');
    mkdirSync(pred);
    const rgba = new Uint8Array(40 * 40 * 4).map((_, i) =>
      i % 4 === 3 ? 255 : (i >> 2) % 2 === 0 ? 255 : 0,
    );
    writeFileSync(join(pred, 'a.png'), encode({ width: 40, height: 40, data: rgba, channels: 4, depth: 8 }));
    const r = runCli(['eval', '--pred', join(pred, 'a.png'), '--truth', join(root, 'mask', 'a.png')]);
    expectOneLine(r, /rgba-pred[/\\]a\.png has 4 channels \(RGBA\); a predicted label map has one channel/);
    expect(r.stdout).toBe('');
  });
});

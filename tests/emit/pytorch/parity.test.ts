import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDirAtomic } from '../../../src/common/atomic-write.js';
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import { channelsFirst, modelPy } from '../../../src/compiler/emit/pytorch/model-py.js';
import { pythonNames } from '../../../src/compiler/emit/pytorch/python-names.js';
import { pytorchModelFiles } from '../../../src/compiler/emit/pytorch/pytorch-target.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  type NamedTensor,
} from '../../../src/compiler/emit/pytorch/safetensors.js';
import { torchTensorsToTfjs } from '../../../src/compiler/emit/pytorch/torch-weights.js';
import { writeCompiled } from '../../../src/compiler/emit/write-compiled.js';
import { loadCompiled } from '../../../src/runtime/model/load-compiled.js';
import { trainingModel } from '../../../src/runtime/train/logits-model.js';
import { family2dAttention, family3dSame, family3dValid } from '../fixtures/families.js';
import { opZoo2d } from './op-zoo.js';
import { randomWeights, specsDir, specVariants, uniform } from './spec-variants.js';

/**
 * For every spec in specs/ at its smallest valid size: the generated nn.Module has the checker's
 * parameter count and every node's shape, computes the tfjs model's outputs (and the tfjs trainer's
 * logits) to 1e-4 in eval mode with the same weights, to 5e-4 in train mode (batch statistics, dropout off),
 * updates batch norm's moving means as tfjs does, and its weights come back bit-exact through
 * load_weights / save_weights. Specs too slow to run forward in tfjs are run with fewer filters
 * (same ops, same shapes); their full-width module is still counted. One Python process for all.
 */
const python = process.env['UNETC_PYTHON'] ?? '/usr/bin/python3';
const allSpecs = readdirSync(specsDir)
  .filter((f) => /\.(unet|ya?ml)$/.test(f))
  .sort();
/** A YAML spec with a .unet twin is the same model (tests/specs.test.ts); it is compared as text. */
const twinOf = (file: string) => file.replace(/\.ya?ml$/, '.unet');
const yamlTwins = allSpecs.filter((f) => /\.ya?ml$/.test(f) && allSpecs.includes(twinOf(f)));
const specFiles = allSpecs.filter((f) => !yamlTwins.includes(f));
/** Hand-built graphs for the op variants the spec library does not use (2D and 3D). */
const fixtures: Record<string, () => CheckedModel> = {
  'op zoo 2D': opZoo2d,
  'family 2D attention': family2dAttention,
  'family 3D same': family3dSame,
  'family 3D valid': family3dValid,
};
const caseNames = [...specFiles, ...Object.keys(fixtures)];
const TOLERANCE = 1e-4;

interface PythonResult {
  full_params: number;
  params: number;
  shapes: Record<string, number[]>;
  constants: Record<string, unknown>;
  output_diff: number[];
  logits_diff: number[];
  logits_scale: number[];
  logits_through_forward: boolean;
  train_diff: number[];
  moving_mean_diff: Record<string, number>;
}

interface Case {
  small: CheckedModel;
  runnable: CheckedModel;
  dir: string;
  weights: Map<string, Float32Array>;
}

const root = mkdtempSync(path.join(tmpdir(), 'unetc-pytorch-parity-'));
const cases = new Map<string, Case>();
let results: Record<string, PythonResult> = {};

function channelsLastTensor(t: tf.Tensor): NamedTensor {
  return { shape: t.shape, data: t.dataSync() as Float32Array };
}

/**
 * Train mode, dropout off (rate 0 on both sides, so that the masks need not agree): the outputs
 * with batch statistics, and batch norm's moving means after that one update.
 */
function trainModeIo(model: CheckedModel, net: tf.LayersModel, x: tf.Tensor, io: Map<string, NamedTensor>) {
  const names = pythonNames(model.graph);
  for (const layer of net.layers)
    if (layer.getClassName() === 'Dropout') (layer as unknown as { rate: number }).rate = 0;
  const ys = [net.apply(x, { training: true })].flat() as tf.Tensor[];
  ys.forEach((y, i) => io.set(`train/${i}`, channelsLastTensor(y)));
  tf.dispose(ys);
  for (const layer of net.layers) {
    // tfjs suffixes variable names made twice in one process (".../moving_mean_3").
    const mean = layer.weights.find((w) => /\/moving_mean(_\d+)?$/.test(w.name));
    if (mean) io.set(`moving_mean/${names.get(layer.name)}`, channelsLastTensor(mean.read()));
  }
}

/** Runs the tfjs model (and the tfjs trainer's logits view) on one seeded input. */
async function tfjsIo(model: CheckedModel, dir: string, weights: Map<string, Float32Array>) {
  const tfjsDir = path.join(dir, 'tfjs');
  await writeCompiled(model, tfjsDir, { weights });
  const { model: net } = await loadCompiled(tfjsDir);
  const input = model.graph.nodes.find((n) => n.id === model.graph.input)!;
  const rand = uniform(7);
  const shape = [2, ...input.shape];
  const x = tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1),
    shape,
  );
  const ys = [net.predict(x)].flat() as tf.Tensor[];
  const training = await trainingModel(net);
  const logits = [training.model.predict(x)].flat() as tf.Tensor[];
  const io = new Map<string, NamedTensor>([['input', channelsLastTensor(x)]]);
  ys.forEach((y, i) => io.set(`output/${i}`, channelsLastTensor(y)));
  logits.forEach((y, i) => io.set(`logits/${i}`, channelsLastTensor(y)));
  trainModeIo(model, net, x, io);
  writeFileSync(path.join(dir, 'io.safetensors'), encodeSafetensors(io));
  tf.dispose([x, ...ys, ...logits]);
  // A view shares the compiled model’s layers (disposed with it); a copy has its own.
  if (training.isCopy) training.model.dispose();
  net.dispose();
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const jobs = [];
  for (const [i, file] of caseNames.entries()) {
    const fixture = fixtures[file]?.();
    const { small, runnable } = fixture ? { small: fixture, runnable: fixture } : specVariants(file);
    const dir = path.join(root, `spec${i}`);
    const fullDir = path.join(root, `spec${i}-full`);
    const weights = randomWeights(runnable, i + 1);
    await writeDirAtomic(dir, pytorchModelFiles(runnable, { weights }));
    await writeDirAtomic(fullDir, [{ name: 'model.py', content: modelPy(small, 'test') }]);
    await tfjsIo(runnable, dir, weights);
    cases.set(file, { small, runnable, dir, weights });
    jobs.push({ name: file, dir, full_dir: fullDir });
  }
  writeFileSync(path.join(root, 'jobs.json'), JSON.stringify(jobs));
  const script = path.join(import.meta.dirname, 'check_packages.py');
  const out = execFileSync(python, [script, path.join(root, 'jobs.json')], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  results = JSON.parse(out) as Record<string, PythonResult>;
}, 900_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the PyTorch target computes the tfjs model for every spec in specs/ and every op variant', () => {
  it('covers the specs directory', () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(14);
    expect(yamlTwins.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(results).sort()).toEqual([...caseNames].sort());
  });

  it.each(caseNames)('%s: parameters, node shapes, outputs, logits and weights', (file) => {
    const c = cases.get(file)!;
    const r = results[file]!;
    expect(r.full_params).toBe(c.small.summary.params);
    expect(r.params).toBe(c.runnable.summary.params);
    const names = pythonNames(c.runnable.graph);
    const expected = Object.fromEntries(
      c.runnable.graph.nodes.map((n) => [names.get(n.id)!, channelsFirst(n.shape)]),
    );
    expect(r.shapes).toEqual(expected);
    expect(r.constants['OUTPUT_NAMES']).toEqual(c.runnable.graph.outputs.map((o) => o.name));
    expect(r.constants['OUTPUT_SHAPES']).toEqual(c.runnable.graph.outputs.map((o) => channelsFirst(o.shape)));
    expect(r.output_diff).toHaveLength(c.runnable.graph.outputs.length);
    for (const d of r.output_diff) expect(d).toBeLessThanOrEqual(TOLERANCE);
    expect(r.logits_through_forward).toBe(true);
    // Train mode: batch statistics in the outputs, and the same moving-mean update.
    expect(r.train_diff).toHaveLength(c.runnable.graph.outputs.length);
    // Batch statistics of 2 samples on the deepest (2×2) maps amplify rounding: 1.4e-4 seen, bounded at 5e-4.
    for (const d of r.train_diff) expect(d).toBeLessThanOrEqual(5 * TOLERANCE);
    const batchNorms = c.runnable.graph.nodes.filter(
      (n) => n.attrs.op === 'norm' && n.attrs.kind === 'batch',
    );
    expect(Object.keys(r.moving_mean_diff)).toHaveLength(batchNorms.length);
    for (const d of Object.values(r.moving_mean_diff)) expect(d).toBeLessThanOrEqual(1e-6);
    // Logits are unbounded (instance norm on 2×2 maps amplifies rounding by up to 1/√ε): relative.
    r.logits_diff.forEach((d, i) =>
      expect(d).toBeLessThanOrEqual(TOLERANCE * Math.max(1, r.logits_scale[i]!)),
    );
    // tfjs → torch (weights.safetensors) → load_weights → save_weights → tfjs: bit-exact.
    const resaved = decodeSafetensors(readFileSync(path.join(c.dir, 'resaved.safetensors')), 'resaved');
    const back = torchTensorsToTfjs(c.runnable, resaved);
    expect([...back.keys()].sort()).toEqual([...c.weights.keys()].sort());
    for (const [name, values] of c.weights) {
      expect(Buffer.from(back.get(name)!.buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
    }
  });

  it.each(yamlTwins)('%s generates the model.py of its .unet twin', (file) => {
    expect(modelPy(specVariants(file).small, 'test')).toBe(modelPy(cases.get(twinOf(file))!.small, 'test'));
  });
});

import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  remainingCustomLayers,
  standardKerasLayer,
} from '../../src/compiler/emit/keras-layers-mode/standard-layers.js';
import { tfjsLoadableTopology } from '../../src/compiler/emit/keras-layers-mode/tfjs-loadable.js';
import type { KerasJson, KerasLayerJson } from '../../src/compiler/emit/keras-format.js';
import type { IrGraph } from '../../src/compiler/ir/ir.js';
import { runCli } from '../support/run-cli.js';
import { strictKerasProblems } from '../../src/compiler/emit/keras-layers-mode/strict.js';
import { compiledFiles, writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../src/compiler/ir/checked-model.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { loadCompiled } from '../../src/runtime/model/load-compiled.js';

/**
 * Layer classes Keras 2 (tf.keras, TF 2.11+) deserialises without custom objects: the names
 * `keras.layers` exports (https://keras.io/api/layers/ and keras/layers/__init__.py, Keras 2.11–2.15;
 * GroupNormalization is core since 2.11). Only the ones a U-Net can need are listed.
 */
const KERAS_LAYER_CLASSES = new Set([
  'InputLayer',
  'Conv2D',
  'Conv3D',
  'Conv2DTranspose',
  'Conv3DTranspose',
  'MaxPooling2D',
  'MaxPooling3D',
  'AveragePooling2D',
  'AveragePooling3D',
  'UpSampling2D',
  'UpSampling3D',
  'Cropping2D',
  'Cropping3D',
  'ZeroPadding2D',
  'ZeroPadding3D',
  'Concatenate',
  'Add',
  'Multiply',
  'Average',
  'Activation',
  'LeakyReLU',
  'PReLU',
  'ELU',
  'BatchNormalization',
  'GroupNormalization',
  'Dropout',
]);

const specsDir = path.resolve(import.meta.dirname, '../../specs');
const specFiles = readdirSync(specsDir)
  .filter((f) => /\.unet$/.test(f))
  .sort();

/**
 * Small nets that need every mapped class (the shipped specs are too big to run some of them): 3D
 * batch norm, ELU(0.5), nearest UpSampling3D and Cropping3D; group norm and a transposed conv with
 * output padding; non-affine instance norm in 3D.
 */
const MAPPED: Record<string, string> = {
  'keras3d.unet': `name: "keras3d"
network {
  input: 28 x 28 x 28 x 1
  classes: 2
  depth: 1
  filters: 4
  block { convs: 2, kernel: 3, padding: valid, activation: elu(0.5), norm: batch }
  down: maxpool(2)
  up: nearest(2)
  skip: crop_concat
  head: softmax
}
`,
  'keras2d.unet': `name: "keras2d"
network {
  input: 44 x 44 x 1
  classes: 3
  depth: 1
  filters: 4
  block { convs: 2, kernel: 3, padding: valid, activation: relu, norm: group(2) }
  down: maxpool(2)
  up: transpose(kernel: 3, stride: 2, padding: valid, output_padding: 1)
  skip: crop_concat
  head: softmax
}
`,
  'keras3dsame.unet': `name: "keras3dsame"
network {
  input: 16 x 16 x 16 x 1
  classes: 2
  depth: 1
  filters: 4
  block { convs: 1, kernel: 3, padding: same, norm: instance(affine: false) }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2, activation: elu(0.5))
  skip: concat
  head: sigmoid
}
`,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function compile(file: string, inputSize?: readonly number[]): CheckedModel {
  const full = path.join(specsDir, file);
  const text = MAPPED[file] ?? readFileSync(full, 'utf8');
  const result = compileSource(text, full, inputSize ? { inputSize } : {});
  if (!result.model) throw new Error(`${file}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return result.model;
}

function smallest(file: string): CheckedModel {
  return compile(
    file,
    compile(file).summary.sizeRules.map((r) => r.min),
  );
}

describe('compile --layers keras', () => {
  it.each(specFiles)('%s: only Keras classes, or unetc layers each with a reason', (file) => {
    const model = smallest(file);
    const { modelJson } = compiledFiles(model, { layers: 'keras' });
    const layers = modelJson.modelTopology.config.layers;
    const custom = remainingCustomLayers(layers);
    const customNames = new Set(custom.map((c) => c.layer));
    for (const layer of layers) {
      if (customNames.has(layer.name)) continue;
      expect(KERAS_LAYER_CLASSES, `${layer.name} (${layer.class_name})`).toContain(layer.class_name);
    }
    for (const c of custom) expect(c.reason.length).toBeGreaterThan(20);
    expect(strictKerasProblems(model)).toHaveLength(custom.length);
  });

  it('most shipped specs need no custom layer at all in keras mode', () => {
    const clean = specFiles.filter((f) => strictKerasProblems(smallest(f)).length === 0);
    expect(clean.length).toBeGreaterThanOrEqual(Math.ceil(specFiles.length * 0.75));
  });

  it('the small nets need the classes tfjs lacks, and no custom layer', () => {
    const classes = Object.keys(MAPPED).flatMap((f) =>
      compiledFiles(compile(f), { layers: 'keras' }).modelJson.modelTopology.config.layers.map(
        (l) => l.class_name,
      ),
    );
    for (const name of ['Cropping3D', 'UpSampling3D', 'GroupNormalization', 'ELU', 'BatchNormalization'])
      expect(classes).toContain(name);
    for (const f of Object.keys(MAPPED)) expect(strictKerasProblems(compile(f))).toEqual([]);
  });

  // Running forward is the expensive part: every spec that is cheap at its smallest size, plus the small nets.
  const runnable = [...specFiles.filter((f) => smallest(f).summary.flops <= 0.5e9), ...Object.keys(MAPPED)];

  it('runs the forward comparison on most specs and on every mapped class', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(11);
  });

  it.each(runnable)('%s: the keras-mode model loads in tfjs and equals the default mode', async (file) => {
    const model = Object.hasOwn(MAPPED, file) ? compile(file) : smallest(file);
    const root = mkdtempSync(path.join(tmpdir(), 'unetc-keras-'));
    await writeCompiled(model, path.join(root, 'tfjs'), { seed: 3 });
    await writeCompiled(model, path.join(root, 'keras'), { seed: 3, layers: 'keras' });
    const a = await loadCompiled(path.join(root, 'tfjs'));
    const b = await loadCompiled(path.join(root, 'keras'));
    const input = model.graph.nodes.find((n) => n.id === model.graph.input)!;
    const x = tf.randomNormal([1, ...input.shape], 0, 1, 'float32', 5);
    const ya = [a.model.predict(x)].flat() as tf.Tensor[];
    const yb = [b.model.predict(x)].flat() as tf.Tensor[];
    expect(yb.map((y) => y.shape)).toEqual(ya.map((y) => y.shape));
    ya.forEach((y, i) => {
      const diff = tf.max(tf.abs(tf.sub(y, yb[i]!))).dataSync()[0]!;
      expect(diff).toBeLessThanOrEqual(1e-5);
    });
    tf.dispose([x, ...ya, ...yb]);
    a.model.dispose();
    b.model.dispose();
  });
});

describe('mapping back for tfjs', () => {
  it('ZeroPadding3D and Cropping3D drop data_format and become the registered unetc layers', () => {
    const layer = (class_name: string, config: Record<string, KerasJson>): KerasLayerJson => ({
      name: 'p',
      class_name,
      config: { name: 'p', trainable: true, ...config },
      inbound_nodes: [],
    });
    const graph = { nodes: [], dims: 3 } as unknown as IrGraph;
    const padding = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const keras = standardKerasLayer(layer('UnetcZeroPadding3D', { padding }), graph).layer;
    expect(keras).toMatchObject({
      class_name: 'ZeroPadding3D',
      config: { padding, data_format: 'channels_last' },
    });
    const topology = {
      class_name: 'Model',
      config: { name: 'm', layers: [keras], input_layers: [], output_layers: [] },
      keras_version: 'x',
      backend: 'tensor_flow.js',
    } as const;
    expect(tfjsLoadableTopology(topology).config.layers[0]).toEqual(layer('UnetcZeroPadding3D', { padding }));
  });
});

describe('unetc compile --layers', () => {
  it('keras-strict refuses a spec with a layer Keras lacks, naming it and why, and writes nothing', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'unetc-strict-')), 'out');
    const strict = await runCli([
      'compile',
      path.join(specsDir, 'attention-unet.unet'),
      '-o',
      out,
      '--layers',
      'keras-strict',
    ]);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(
      /layer 'att1_resize' stays UnetcResizeLike: resizes the attention coefficients/,
    );
    expect(existsSync(out)).toBe(false);
    const keras = await runCli([
      'compile',
      path.join(specsDir, 'attention-unet.unet'),
      '-o',
      out,
      '--layers',
      'keras',
    ]);
    expect(keras.code).toBe(0);
    expect(keras.out).toMatch(/note: layer 'att1_resize' stays UnetcResizeLike/);
    const ok = await runCli([
      'compile',
      path.join(specsDir, 'dynunet.unet'),
      '-o',
      out,
      '--layers',
      'keras-strict',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('only standard Keras layer classes');
  });
});

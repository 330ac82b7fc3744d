import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledFiles } from '../../src/compiler/emit/write-compiled.js';
import { assertShapesMatchGraph } from '../../src/runtime/model/assert-shapes.js';
import { plainUnet } from './fixtures/ir-builder.js';
import { loadPlain, savedArtifacts } from './fixtures/tfjs-roundtrip.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('plain 2D U-Net (hand-built IR) → tfjs layers model', () => {
  const model = plainUnet({ size: 44, depth: 2, filters: 4, padding: 'valid' });
  const files = compiledFiles(model, { seed: 7 });

  it('writes one standard layer per IR node, named by node id', () => {
    const layers = files.modelJson.modelTopology.config.layers;
    expect(layers.map((l) => l.name)).toEqual(model.graph.nodes.map((n) => n.id));
    expect(new Set(layers.map((l) => l.class_name))).toEqual(
      new Set(['InputLayer', 'Conv2D', 'MaxPooling2D', 'Conv2DTranspose', 'Cropping2D', 'Concatenate']),
    );
  });

  it('loads in plain tfjs (no unetc layers) with every shape and the parameter count of the IR', async () => {
    const loaded = await loadPlain(files);
    assertShapesMatchGraph(loaded, model.graph, model.summary.params);
    expect(loaded.outputs[0]?.shape).toEqual([null, 4, 4, 2]);
    loaded.dispose();
  });

  it('model.json is exactly what tfjs itself serialises for that model', async () => {
    const loaded = await loadPlain(files);
    const saved = await savedArtifacts(loaded);
    expect(files.modelJson.modelTopology).toEqual(saved.modelTopology);
    expect(files.modelJson.format).toBe(saved.format);
    expect(files.modelJson.generatedBy).toBe(saved.generatedBy);
    expect(files.modelJson.convertedBy).toBe(saved.convertedBy);
    // Same variables in the same order tfjs writes them.
    expect(files.modelJson.weightsManifest[0]?.weights).toEqual(saved.weightSpecs);
    loaded.dispose();
  });

  it('carries the initialised weights: the first kernel has the paper std √(2/9)', async () => {
    const loaded = await loadPlain(files);
    const kernel = loaded.getLayer('enc0_conv1').getWeights()[0];
    if (!kernel) throw new Error('no kernel');
    const values = Array.from(await kernel.data());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(values.length).toBe(36);
    expect(std).toBeGreaterThan(0.2);
    expect(std).toBeLessThan(0.75);
    const bias = await loaded.getLayer('enc0_conv1').getWeights()[1]?.data();
    expect(Array.from(bias ?? [])).toEqual([0, 0, 0, 0]);
    loaded.dispose();
  });

  it('is deterministic in the seed', () => {
    const again = compiledFiles(model, { seed: 7 });
    const other = compiledFiles(model, { seed: 8 });
    expect(Buffer.compare(again.weights, files.weights)).toBe(0);
    expect(Buffer.compare(other.weights, files.weights)).not.toBe(0);
  });

  it('rejects a graph whose parameter count disagrees with the emitted weights', () => {
    const broken = {
      ...model,
      graph: {
        ...model.graph,
        nodes: model.graph.nodes.map((n) => (n.id === 'head' ? { ...n, params: 1 } : n)),
      },
    };
    expect(() => compiledFiles(broken)).toThrow(
      /layer 'head' \(conv\) has 10 weights but the checker counted 1/,
    );
  });
});

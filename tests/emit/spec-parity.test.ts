import * as tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kerasTopology } from '../../src/compiler/emit/keras-topology.js';
import { planSchemaErrors } from '../../src/compiler/emit/plan-schema.js';
import { trainingPlan } from '../../src/compiler/emit/training-plan.js';
import type { CheckedModel } from '../../src/compiler/ir/checked-model.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { registeredUnetcLayers } from '../../src/runtime/layers/index.js';
import { assertShapesMatchGraph } from '../../src/runtime/model/assert-shapes.js';
import { buildSymbolic } from './fixtures/symbolic-build.js';

const specsDir = path.resolve(import.meta.dirname, '../../specs');
const specFiles = readdirSync(specsDir)
  .filter((f) => /\.(unet|ya?ml)$/.test(f))
  .sort();

beforeAll(async () => {
  await tf.setBackend('cpu');
  registeredUnetcLayers();
});

function compile(file: string, inputSize?: readonly number[]): CheckedModel {
  const full = path.join(specsDir, file);
  const result = compileSource(readFileSync(full, 'utf8'), full, inputSize ? { inputSize } : {});
  if (!result.model)
    throw new Error(`${file}: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return result.model;
}

/** Builds the emitted topology in tfjs and checks every layer shape and the parameter count against the checker. */
async function expectParity(model: CheckedModel): Promise<tf.LayersModel> {
  const net = await buildSymbolic(kerasTopology(model.graph, model.spec.name, model.spec.network.init));
  assertShapesMatchGraph(net, model.graph, model.summary.params);
  return net;
}

describe('parity: for every spec in specs/, tfjs builds exactly the checker’s model', () => {
  it('covers the specs directory', () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(specFiles)(
    '%s at its own input size (and its plan.json matches the published schema)',
    async (file) => {
      const model = compile(file);
      const net = await expectParity(model);
      net.dispose();
      const plan = trainingPlan(model, { seed: 1, prune: null, weightsFrom: null }, 'test');
      expect(planSchemaErrors(JSON.parse(JSON.stringify(plan)))).toEqual([]);
    },
  );

  it.each(specFiles)('%s at its smallest valid input size (and runs forward when cheap)', async (file) => {
    const small = compile(file).summary.sizeRules.map((r) => r.min);
    const model = compile(file, small);
    const net = await expectParity(model);
    // Symbolic building never runs a layer's call(); a forward pass does (≤ 0.25 GFLOP keeps it fast on cpu).
    if (model.summary.flops <= 0.25e9) {
      const input = model.graph.nodes.find((n) => n.id === model.graph.input);
      const x = tf.randomNormal([1, ...(input?.shape ?? [])]);
      const ys = [net.predict(x)].flat() as tf.Tensor[];
      expect(ys.map((y) => y.shape)).toEqual(model.graph.outputs.map((o) => [1, ...o.shape]));
      expect(ys.every((y) => tf.all(tf.isFinite(y)).dataSync()[0] === 1)).toBe(true);
      tf.dispose([x, ...ys]);
    }
    net.dispose();
  });
});

describe('the paper network (specs/unet2015.unet) at 572×572', () => {
  it('has 31,030,658 parameters, 23 conv layers and output [null, 388, 388, 2]', async () => {
    const model = compile('unet2015.unet');
    expect(model.summary.params).toBe(31_030_658);
    expect(model.summary.convLayers).toBe(23);
    const net = await expectParity(model);
    expect(net.countParams()).toBe(31_030_658);
    expect(net.outputs[0]?.shape).toEqual([null, 388, 388, 2]);
    expect(net.inputs[0]?.shape).toEqual([null, 572, 572, 1]);
    net.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchemaErrors } from '../../../src/compiler/emit/plan-schema.js';
import { writeCompiled } from '../../../src/compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import { compileSource } from '../../../src/compiler/pipeline.js';
import { renderSummaryTable } from '../../../src/compiler/report/summary-table.js';
import { loadCompiled } from '../../../src/runtime/model/load-compiled.js';
import { saveCompiled } from '../../../src/runtime/model/save-weights.js';

const TINY_SPEC = `
name: "tiny"
network {
  input: 44 x 44 x 1
  classes: 2
  depth: 2
  filters: 2
  block { convs: 2, kernel: 3, padding: valid, activation: relu }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: crop_concat
  head: softmax
}
train {
  optimizer: sgd(lr: 0.01, momentum: 0.99)
  loss: weighted_ce
  batch: 1
  epochs: 1
  steps_per_epoch: 2
  seed: 3
}
`;

function tiny(): CheckedModel {
  const result = compileSource(TINY_SPEC, 'tiny.unet');
  if (!result.model) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return result.model;
}

let root = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(path.join(tmpdir(), 'unetc-save-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a spec compiled by the front end', () => {
  it('writes a schema-valid plan.json with the training plan and the unetc summary table', async () => {
    const model = tiny();
    const dir = path.join(root, 'tiny');
    await writeCompiled(model, dir);
    const plan = JSON.parse(await readFile(path.join(dir, 'plan.json'), 'utf8')) as Record<string, unknown>;
    expect(planSchemaErrors(plan)).toEqual([]);
    expect(plan['training']).toMatchObject({
      optimizer: { kind: 'sgd', lr: 0.01, momentum: 0.99 },
      loss: { kind: 'weighted_ce' },
      batch: 1,
      seed: 3,
      outputs: [{ shape: [4, 4, 2] }],
    });
    expect(plan['provenance']).toEqual({ seed: 3, prune: null, weightsFrom: null });
    expect(await readFile(path.join(dir, 'summary.txt'), 'utf8')).toBe(renderSummaryTable(model));
  });

  it('the schema rejects a broken plan with a pointer to the problem', async () => {
    const dir = path.join(root, 'tiny');
    const plan = JSON.parse(await readFile(path.join(dir, 'plan.json'), 'utf8')) as {
      graph: { nodes: { shape: unknown }[] };
    };
    const first = plan.graph.nodes[1];
    if (first) first.shape = [0, 'x'];
    expect(planSchemaErrors(plan).join('\n')).toMatch(/\/graph\/nodes\/1\/shape\/0 must be >= 1/);
  });

  it('trains 2 steps, saves atomically, and loads back with the trained weights', async () => {
    const dir = path.join(root, 'tiny');
    const { model: net, plan } = await loadCompiled(dir);
    net.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([1, 44, 44, 1]);
    const y = tf.oneHot(tf.randomUniform([1, 4, 4], 0, 2, 'int32'), 2);
    await net.fit(x, y, { epochs: 2, verbose: 0 });
    const ckpt = path.join(root, 'ckpt');
    await saveCompiled(net, plan, ckpt);
    const { model: again } = await loadCompiled(ckpt);
    for (const layer of net.layers) {
      const a = layer.getWeights().map((w) => Array.from(w.dataSync()));
      const b = again
        .getLayer(layer.name)
        .getWeights()
        .map((w) => Array.from(w.dataSync()));
      expect(b).toEqual(a);
    }
    expect(await readFile(path.join(ckpt, 'model.json'), 'utf8')).toBe(
      await readFile(path.join(dir, 'model.json'), 'utf8'),
    );
    tf.dispose([x, y]);
    net.dispose();
    again.dispose();
  });
});

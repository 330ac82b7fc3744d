import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import type { IrGraph } from '../../src/compiler/ir/ir.js';
import { loadCompiled } from '../../src/runtime/model/load-compiled.js';
import { weightsByName } from '../../src/runtime/train/run-outputs.js';
import { syntheticBatch } from './helpers/synthetic.js';
import { compileText, scaleFilters, specText } from './helpers/tiny-variant.js';
import { trainFewSteps } from './helpers/train-steps.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(path.join(tmpdir(), 'unetc-unetpp-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** specs/unetpp.unet at depth d: filters from 4, heads on X0_1 … X0_d. */
function unetppText(depth: number): string {
  const heads = Array.from({ length: depth }, (_, j) => `X0_${j + 1}`).join(', ');
  return specText('unetpp.unet')
    .text.replace(/depth: 4/, `depth: ${depth}`)
    .replace(/filters: \[[^\]]*\]/, 'filters: 4')
    .replace(/heads: \[[^\]]*\]/, `heads: [${heads}]`);
}

const nodeOf = (graph: IrGraph, id: string) => graph.nodes.find((n) => n.id === id);
/** The node that ends X(i, j): the encoder's last conv for j = 0, the bottleneck's for (d, 0). */
function lastConvOf(i: number, j: number, depth: number): string {
  if (j > 0) return `x${i}_${j}_conv2`;
  return i === depth ? 'bottleneck_conv2' : `enc${i}_conv2`;
}

describe('U-Net++ (specs/unetpp.unet) at any depth', () => {
  it.each([2, 3, 4, 5])(
    'depth %i: X(i,j) = H([X(i,0) … X(i,j−1), U(X(i+1,j−1))]) for i + j ≤ d, one head per X0_j',
    async (depth) => {
      const file = path.join(root, `unetpp-${depth}.unet`);
      const checked = compileText(unetppText(depth), file, [2 ** depth, 2 ** depth]);
      const graph = checked.graph;
      for (let i = 0; i < depth; i++) {
        for (let j = 1; i + j <= depth; j++) {
          const concat = nodeOf(graph, `x${i}_${j}_concat`);
          const dense = Array.from({ length: j }, (_, k) => lastConvOf(i, k, depth));
          expect(concat?.inputs).toEqual([...dense, `x${i}_${j}_up`]);
          expect(nodeOf(graph, `x${i}_${j}_up`)?.inputs).toEqual([lastConvOf(i + 1, j - 1, depth)]);
        }
      }
      const cells = graph.nodes.filter((n) => /^x\d+_\d+_concat$/.test(n.id));
      expect(cells).toHaveLength((depth * (depth + 1)) / 2);
      expect(graph.outputs.map((o) => [o.name, o.lossWeight])).toEqual([
        ['main', 0],
        [`X0_${depth}`, 1 / depth],
        ...Array.from({ length: depth - 1 }, (_, j) => [`X0_${j + 1}`, 1 / depth]),
      ]);
      const dir = path.join(root, `compiled-${depth}`);
      await writeCompiled(checked, dir);
      const { model } = await loadCompiled(dir); // asserts every shape and the parameter count
      expect(model.countParams()).toBe(checked.summary.params);
      model.dispose();
    },
  );
});

describe('U-Net++: deep supervision training, accurate mode and pruned inference', () => {
  const size = [16, 16];
  const text = scaleFilters(specText('unetpp.unet').text, 8);

  it('trains on all four heads; "accurate" averages them; compile --prune L2 --weights equals the X0_2 head', async () => {
    const spec = path.join(root, 'unetpp-tiny.unet');
    await writeFile(spec, text);
    const checked = compileText(text, spec, size);
    const full = path.join(root, 'full');
    await writeCompiled(checked, full, { seed: 3 });
    const { model, plan } = await loadCompiled(full);
    const batch = syntheticBatch(size, 1, checked.summary.labelCrop, 2, { batch: 2 });
    const steps = await trainFewSteps(model, plan, batch, 3);
    expect(steps.losses[2]!).toBeLessThan(steps.losses[0]!);
    // Every head's path trained: no weight kept its initial value.
    expect(steps.unchanged).toEqual([]);

    // Laid out as `unetc train` leaves a run: the selected weights in <run>/model.
    const trained = path.join(root, 'run');
    await writeCompiled(checked, path.join(trained, 'model'), {
      weights: weightsByName(model),
      weightsFrom: 'test',
    });
    const x = tf.tensor(batch.images, [...batch.imageShape]);
    const outs = model.predict(x) as tf.Tensor[];
    const byName = new Map(plan.graph.outputs.map((o, i) => [o.name, outs[i]!]));
    const heads = ['X0_1', 'X0_2', 'X0_3', 'X0_4'].map((n) => byName.get(n)!);
    const mean = tf.div(tf.addN(heads), 4);
    expect(tf.max(tf.abs(tf.sub(byName.get('main')!, mean))).dataSync()[0]).toBeLessThan(1e-6);

    const pruned = path.join(root, 'l2');
    const args = ['compile', spec, '--input-size', '16x16', '--prune', 'L2', '--weights', trained];
    expect(await main([...args, '-o', pruned])).toBe(0);
    const l2 = await loadCompiled(pruned);
    expect(l2.plan.provenance).toMatchObject({ prune: 2, weightsFrom: trained });
    expect(l2.plan.graph.nodes.every((n) => n.role.level + n.role.column <= 2)).toBe(true);
    expect(l2.plan.summary.params).toBeLessThan(plan.summary.params / 4);
    const y = l2.model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 16, 16, 1]);
    expect(tf.max(tf.abs(tf.sub(y, byName.get('X0_2')!))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, y, mean, ...outs]);
    l2.model.dispose();
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCompiled } from '../../../src/compiler/emit/write-compiled.js';
import { loadCompiled } from '../../../src/runtime/model/load-compiled.js';
import { plainUnet } from '../../emit/fixtures/ir-builder.js';

let root = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(path.join(tmpdir(), 'unetc-load-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeCompiled → loadCompiled', () => {
  const model = plainUnet({ size: 44, depth: 2, filters: 2, padding: 'valid', dropout: 0.5 });

  it('writes model.json, the weight shard, plan.json and summary.txt, and nothing else', async () => {
    const out = path.join(root, 'a');
    const { files } = await writeCompiled(model, out, { seed: 3 });
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'group1-shard1of1.bin',
      'model.json',
      'plan.json',
      'summary.txt',
    ]);
    expect((await readdir(root)).sort()).toEqual(['a']);
    const bin = await readFile(path.join(out, 'group1-shard1of1.bin'));
    expect(bin.length).toBe(model.summary.params * 4);
  });

  it('loads with shape assertions and trains two steps with fit on cpu', async () => {
    const out = path.join(root, 'b');
    await writeCompiled(model, out, { seed: 3 });
    const { model: net, plan } = await loadCompiled(out);
    expect(plan.graph.nodes.length).toBe(model.graph.nodes.length);
    net.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([2, 44, 44, 1]);
    const y = tf.oneHot(tf.randomUniform([2, 4, 4], 0, 2, 'int32'), 2);
    const before = net.getLayer('enc0_conv1').getWeights()[0]?.dataSync().slice();
    const history = await net.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    expect(history.history['loss']?.every((l) => Number.isFinite(Number(l)))).toBe(true);
    const after = net.getLayer('enc0_conv1').getWeights()[0]?.dataSync();
    expect(after).not.toEqual(before);
    tf.dispose([x, y]);
    net.dispose();
  });

  it('replaces an existing output directory only with a complete new one', async () => {
    const out = path.join(root, 'c');
    await writeCompiled(model, out, { seed: 1 });
    await writeFile(path.join(out, 'stale.txt'), 'old');
    await writeCompiled(model, out, { seed: 2 });
    expect((await readdir(out)).sort()).toEqual([
      'group1-shard1of1.bin',
      'model.json',
      'plan.json',
      'summary.txt',
    ]);
    const broken = {
      ...model,
      graph: {
        ...model.graph,
        nodes: model.graph.nodes.map((n) => (n.id === 'head' ? { ...n, params: 1 } : n)),
      },
    };
    await expect(writeCompiled(broken, out)).rejects.toThrow(/checker counted/);
    expect((await readdir(out)).sort()).toEqual([
      'group1-shard1of1.bin',
      'model.json',
      'plan.json',
      'summary.txt',
    ]);
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses an output path that is a file', async () => {
    const file = path.join(root, 'file.txt');
    await writeFile(file, 'x');
    await expect(writeCompiled(model, file)).rejects.toThrow(/is a file; give a directory/);
  });

  it('reports a directory that is not a compiled model in one line', async () => {
    await expect(loadCompiled(path.join(root, 'nope'))).rejects.toThrow(/not a compiled model directory/);
  });

  it('names the layer when the model disagrees with the plan', async () => {
    const out = path.join(root, 'd');
    await writeCompiled(model, out);
    const planPath = path.join(out, 'plan.json');
    const plan = JSON.parse(await readFile(planPath, 'utf8')) as {
      graph: { nodes: { id: string; shape: number[] }[] };
    };
    const node = plan.graph.nodes.find((n) => n.id === 'down1');
    if (node) node.shape = [9, 9, 4];
    await writeFile(planPath, JSON.stringify(plan));
    await expect(loadCompiled(out)).rejects.toThrow(
      /layer 'down1' \(max_pool\) outputs \[null,8,8,4\] but the checker predicted \[null,9,9,4\]/,
    );
  });
});

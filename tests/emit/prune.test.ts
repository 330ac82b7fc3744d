import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prunedModel } from '../../src/compiler/emit/prune-model.js';
import { readModelDirWeights } from '../../src/compiler/emit/weights-file.js';
import { compiledFiles, writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../src/compiler/ir/checked-model.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { loadCompiled } from '../../src/runtime/model/load-compiled.js';

const root = mkdtempSync(path.join(tmpdir(), 'unetc-prune-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

function compile(name: string): CheckedModel {
  const file = path.resolve(import.meta.dirname, '../../specs', name);
  const result = compileSource(readFileSync(file, 'utf8'), file, { inputSize: [16, 16] });
  if (!result.model) throw new Error(`${name} did not check`);
  return result.model;
}

describe('U-Net++ pruned inference (compile --prune Lk --weights <trained>)', () => {
  const full = compile('unetpp.unet');
  const l2 = prunedModel(full, 2);

  it('keeps only what the head on X0_2 needs, as the single output', () => {
    expect(l2.graph.outputs).toEqual([
      { ...full.graph.outputs.find((o) => o.name === 'X0_2')!, name: 'main', lossWeight: 1 },
    ]);
    expect(l2.summary.params).toBeLessThan(full.summary.params / 4);
    expect(l2.graph.nodes.some((n) => n.id.startsWith('enc3'))).toBe(false);
    expect(l2.summary.params).toBe(l2.graph.nodes.reduce((s, n) => s + n.params, 0));
  });

  it('draws the same initial weights for the layers it keeps (per-name seeded streams)', () => {
    const a = compiledFiles(full, { seed: 2 });
    const b = compiledFiles(full, { seed: 2, prune: 2 });
    const names = b.modelJson.weightsManifest[0]!.weights.map((w) => w.name);
    const offsets = (m: typeof a) => {
      const map = new Map<string, [number, number]>();
      let at = 0;
      for (const w of m.modelJson.weightsManifest[0]!.weights) {
        const n = w.shape.reduce((x, y) => x * y, 1) * 4;
        map.set(w.name, [at, at + n]);
        at += n;
      }
      return map;
    };
    const oa = offsets(a);
    const ob = offsets(b);
    for (const name of names) {
      const [s1, e1] = oa.get(name)!;
      const [s2, e2] = ob.get(name)!;
      expect(a.weights.subarray(s1, e1).equals(b.weights.subarray(s2, e2))).toBe(true);
    }
  });

  it('with the trained weights, predicts exactly what the full network’s X0_2 head predicts', async () => {
    const fullDir = path.join(root, 'full');
    const prunedDir = path.join(root, 'l2');
    await writeCompiled(full, fullDir, { seed: 9 });
    const weights = await readModelDirWeights(fullDir);
    await writeCompiled(full, prunedDir, { prune: 2, weights, weightsFrom: fullDir });
    const a = await loadCompiled(fullDir);
    const b = await loadCompiled(prunedDir);
    expect(b.plan.provenance).toEqual({ seed: 1, prune: 2, weightsFrom: fullDir });
    const x = tf.randomNormal([1, 16, 16, 1]);
    const outs = a.model.predict(x) as tf.Tensor[];
    const which = full.graph.outputs.findIndex((o) => o.name === 'X0_2');
    const pruned = b.model.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(pruned, outs[which]!))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, pruned, ...outs]);
    a.model.dispose();
    b.model.dispose();
  });

  it('says which heads exist when there is none on X0_k', () => {
    expect(() => prunedModel(compile('unet-nuclei.unet'), 2)).toThrow(
      /the network has no supervision head on X0_2 to prune to \(its outputs: main\)/,
    );
  });
});

import * as tf from '@tensorflow/tfjs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitOnnx } from '../../../src/compiler/emit/onnx/onnx-target.js';
import { prunedModel } from '../../../src/compiler/emit/prune-model.js';
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import { selectBackend } from '../../../src/runtime/backend/select-backend.js';
import {
  compileFile,
  inputShapeOf,
  maxAbsDiff,
  pseudoRandom,
  randomWeights,
  runOnnx,
  smallSpec,
  specFiles,
  specsDir,
  tfjsModel,
} from './onnx-fixtures.js';

const fixturesDir = path.join(import.meta.dirname, 'fixtures');
const fixtureFiles = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.unet'))
  .sort();

beforeAll(async () => {
  // wasm (XNNPACK) keeps the tfjs reference passes of the larger specs to seconds.
  await selectBackend('wasm');
});

/** Cheap nets also run with batch 2, to exercise the dynamic batch axis. */
const CHEAP_FLOPS = 2e9;

async function expectParity(model: CheckedModel, label: string): Promise<void> {
  const weights = randomWeights(model);
  const bytes = emitOnnx(model, { weights });
  const batch = model.summary.flops < CHEAP_FLOPS ? 2 : 1;
  const shape = [batch, ...inputShapeOf(model)];
  const x = pseudoRandom(
    shape.reduce((a, b) => a * b, 1),
    3,
  );
  const { names, outputs, session } = await runOnnx(bytes, x, shape);
  expect(names).toEqual(model.graph.outputs.map((o) => o.name));
  const net = await tfjsModel(model, weights);
  const ys = [net.predict(tf.tensor(x, shape))].flat() as tf.Tensor[];
  try {
    model.graph.outputs.forEach((o, i) => {
      const got = outputs[o.name]!;
      expect(got.dims, `${label} output ${o.name}`).toEqual([batch, ...o.shape]);
      const diff = maxAbsDiff(got.data as Float32Array, ys[i]!.dataSync());
      expect(diff, `${label} output ${o.name}`).toBeLessThanOrEqual(1e-4);
    });
  } finally {
    tf.dispose(ys);
    net.dispose();
    await session.release();
  }
}

describe('ONNX export: for every spec in specs/, onnxruntime computes what tfjs computes', () => {
  it('covers the specs directory', () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(specFiles)(
    '%s at its smallest valid size: output names, shapes and values (≤ 1e-4)',
    async (file) => {
      await expectParity(smallSpec(file), file);
    },
    300_000,
  );
});

describe('ONNX export: every op kind, activation and norm (tests/emit/onnx/fixtures)', () => {
  it.each(fixtureFiles)('%s equals tfjs (≤ 1e-4)', async (file) => {
    await expectParity(compileFile(path.join(fixturesDir, file)), file);
  });

  it('a pruned U-Net++ (--prune L2) keeps only what head X0_2 needs, and equals tfjs', async () => {
    const pruned = prunedModel(smallSpec('unetpp.unet'), 2);
    expect(pruned.graph.outputs.length).toBeLessThan(smallSpec('unetpp.unet').graph.outputs.length);
    await expectParity(pruned, 'unetpp L2');
  });

  it('the spatial axes are dynamic: one model serves another valid size', async () => {
    const file = path.join(specsDir, 'unetpp.unet');
    const small = smallSpec('unetpp.unet');
    const rules = small.summary.sizeRules;
    const bigger = compileFile(
      file,
      rules.map((r) => r.min + 2 * r.modulus),
    );
    const bytes = emitOnnx(small, { weights: randomWeights(small) });
    const shape = [1, ...inputShapeOf(bigger)];
    const { outputs, session } = await runOnnx(
      bytes,
      pseudoRandom(
        shape.reduce((a, b) => a * b, 1),
        5,
      ),
      shape,
    );
    bigger.graph.outputs.forEach((o) => expect(outputs[o.name]!.dims).toEqual([1, ...o.shape]));
    await session.release();
  });
});

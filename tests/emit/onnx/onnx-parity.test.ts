import * as tf from '@tensorflow/tfjs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { onnx } from '../../../src/compiler/emit/onnx/onnx-graph-builder.js';
import { fixedSpatialReason } from '../../../src/compiler/emit/onnx/onnx-model.js';
import { emitOnnx } from '../../../src/compiler/emit/onnx/onnx-target.js';
import { prunedModel } from '../../../src/compiler/emit/prune-model.js';
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import type { IrNode } from '../../../src/compiler/ir/ir.js';
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

describe('ONNX export: IR forms no spec produces today (pad, average, PReLU variants) lower exactly', () => {
  it('input → pad → shifted crop → average with the input equals tfjs', async () => {
    const base = compileFile(path.join(fixturesDir, 'ops-same-2d.unet'));
    const { graph } = base;
    const input = graph.nodes.find((n) => n.id === graph.input)!;
    const [h, w, c] = input.shape as [number, number, number];
    const role = input.role;
    const extra: IrNode[] = [
      {
        id: 'x_pad',
        attrs: {
          op: 'pad',
          padding: [
            [1, 1],
            [2, 0],
          ],
        },
        inputs: [input.id],
        shape: [h + 2, w + 2, c],
        params: 0,
        flops: 0,
        role,
        origin: '',
      },
      {
        id: 'x_crop',
        attrs: {
          op: 'crop',
          cropping: [
            [0, 2],
            [0, 2],
          ],
        },
        inputs: ['x_pad'],
        shape: [h, w, c],
        params: 0,
        flops: 0,
        role,
        origin: '',
      },
      {
        id: 'x_avg',
        attrs: { op: 'average' },
        inputs: ['x_crop', input.id],
        shape: [h, w, c],
        params: 0,
        flops: 0,
        role,
        origin: '',
      },
    ];
    const rest = graph.nodes
      .filter((n) => n.id !== input.id)
      .map((n) => ({ ...n, inputs: n.inputs.map((i) => (i === input.id ? 'x_avg' : i)) }));
    const model: CheckedModel = { ...base, graph: { ...graph, nodes: [input, ...extra, ...rest] } };
    await expectParity(model, 'pad + average');
  });

  it('PReLU with one shared slope, and with one slope per pixel (then the spatial axes are fixed)', async () => {
    const base = compileFile(path.join(fixturesDir, 'ops-same-2d.unet'));
    const prelus = base.graph.nodes.filter((n) => n.attrs.op === 'activation' && n.attrs.kind === 'prelu');
    expect(prelus.length).toBeGreaterThanOrEqual(2);
    const [shared, pixelwise] = [prelus[0]!.id, prelus[1]!.id];
    const nodes = base.graph.nodes.map((n) =>
      n.id === shared
        ? { ...n, params: 1 }
        : n.id === pixelwise
          ? { ...n, params: n.shape.reduce((a, b) => a * b, 1) }
          : n,
    );
    const model: CheckedModel = { ...base, graph: { ...base.graph, nodes } };
    expect(fixedSpatialReason(model.graph)).toContain(pixelwise);
    await expectParity(model, 'prelu variants');
    const decoded = onnx.ModelProto.decode(emitOnnx(model, { weights: randomWeights(model) }));
    const dims = decoded.graph!.input![0]!.type!.tensorType!.shape!.dim!;
    expect(dims.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 24, 24, 2]);
  });
});

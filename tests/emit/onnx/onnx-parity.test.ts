import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitOnnx } from '../../../src/compiler/emit/onnx/onnx-target.js';
import {
  inputShapeOf,
  maxAbsDiff,
  pseudoRandom,
  randomWeights,
  runOnnx,
  smallSpec,
  specFiles,
  tfjsModel,
} from './onnx-fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ONNX export: for every spec in specs/, onnxruntime computes what tfjs computes', () => {
  it('covers the specs directory', () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(specFiles)('%s at its smallest valid size: names, shapes and outputs (≤ 1e-4)', async (file) => {
    const model = smallSpec(file);
    const weights = randomWeights(model);
    const bytes = emitOnnx(model, { weights });
    const shape = [2, ...inputShapeOf(model)];
    const x = pseudoRandom(shape.reduce((a, b) => a * b, 1), 3);
    const { names, outputs, session } = await runOnnx(bytes, x, shape);
    expect(names).toEqual(model.graph.outputs.map((o) => o.name));
    const net = await tfjsModel(model, weights);
    const ys = [net.predict(tf.tensor(x, shape))].flat() as tf.Tensor[];
    model.graph.outputs.forEach((o, i) => {
      const got = outputs[o.name]!;
      expect(got.dims).toEqual([2, ...o.shape]);
      const want = ys[i]!.dataSync();
      expect(maxAbsDiff(got.data as Float32Array, want), `${file} output ${o.name}`).toBeLessThanOrEqual(1e-4);
    });
    tf.dispose(ys);
    net.dispose();
    await session.release();
  });
});

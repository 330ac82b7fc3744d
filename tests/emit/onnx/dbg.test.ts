import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { emitOnnx } from '../../../src/compiler/emit/onnx/onnx-target.js';
import { selectBackend } from '../../../src/runtime/backend/select-backend.js';
import { inputShapeOf, maxAbsDiff, pseudoRandom, randomWeights, runOnnx, smallSpec, specFiles, tfjsModel } from './onnx-fixtures.js';

it('dbg', async () => {
  await selectBackend('wasm');
  const only = process.env['SPECS']?.split(',') ?? specFiles;
  for (const file of only) {
    const t0 = Date.now();
    const model = smallSpec(file);
    const weights = randomWeights(model);
    const bytes = emitOnnx(model, { weights });
    const shape = [1, ...inputShapeOf(model)];
    const x = pseudoRandom(shape.reduce((a, b) => a * b, 1), 3);
    let line = `${file} ${shape.join('x')} flops=${(model.summary.flops / 1e9).toFixed(2)}G`;
    try {
      const { names, outputs } = await runOnnx(bytes, x, shape);
      const t1 = Date.now();
      const net = await tfjsModel(model, weights);
      const ys = [net.predict(tf.tensor(x, shape))].flat() as tf.Tensor[];
      const diffs = model.graph.outputs.map((o, i) => `${o.name}:${JSON.stringify(outputs[o.name]?.dims)}/${o.shape} d=${maxAbsDiff(outputs[o.name]!.data as Float32Array, ys[i]!.dataSync()).toExponential(2)}`);
      line += ` names=${names.join(',')} ${diffs.join(' ')} ort=${t1 - t0}ms tfjs=${Date.now() - t1}ms`;
    } catch (e) { line += ` ERROR ${String(e).slice(0, 300)}`; }
    console.log(line);
  }
}, 1e6);

/**
 * Per-kernel time of one training step (development aid, not part of `npm run bench`):
 *   UNETC_WASM_THREADS=2 node --import tsx bench/tfjs/profile-step.ts unet188
 * Conv + bias + ReLU run fused, as in `unetc train`; UNETC_FUSE=0 profiles tfjs-layers' unfused graph.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/runtime/backend/select-backend.js';
import { BENCH_NETS, buildUnet } from './unet-nets.js';
import { fuseConvActivations } from '../../src/runtime/train/fuse-conv-layers.js';

const net = BENCH_NETS[process.argv[2] ?? 'unet188'];
if (net === undefined) throw new Error('unknown net');
console.log((await selectBackend()).reason);
const model = buildUnet(net);
if (process.env['UNETC_FUSE'] !== '0') console.log(`fused ${fuseConvActivations(model)} conv layers`);
model.compile({ optimizer: tf.train.momentum(0.01, 0.99), loss: 'categoricalCrossentropy' });
const x = tf.randomNormal([1, net.input, net.input, 1]);
const outShape = model.outputs[0]?.shape.slice(1) as number[];
const y = tf
  .oneHot(tf.randomUniform([outShape[0]! * outShape[1]!], 0, net.classes, 'int32'), net.classes)
  .reshape([1, ...outShape]);
await model.trainOnBatch(x, y);
const totals = new Map<string, { ms: number; calls: number }>();
const started = performance.now();
const info = await tf.profile(async () => {
  await model.trainOnBatch(x, y);
});
const wall = performance.now() - started;
for (const k of info.kernels) {
  const entry = totals.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += k.kernelTimeMs as number;
  entry.calls += 1;
  totals.set(k.name, entry);
}
console.log(`step (profiled) ${wall.toFixed(0)} ms`);
for (const [name, { ms, calls }] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`${name.padEnd(26)} ${ms.toFixed(1).padStart(8)} ms  ${calls} calls`);
}
if (process.env['UNETC_PROFILE_SHAPES'] === '1') {
  for (const k of info.kernels
    .filter((k) => k.name.startsWith('Conv2D'))
    .sort((a, b) => (b.kernelTimeMs as number) - (a.kernelTimeMs as number))
    .slice(0, 16)) {
    console.log(
      `${k.name.padEnd(22)} ${(k.kernelTimeMs as number).toFixed(1).padStart(7)} ms  in ${JSON.stringify(k.inputShapes)} out ${JSON.stringify(k.outputShapes)}`,
    );
  }
}

/**
 * One tfjs measurement in its own process (the wasm thread count is fixed when the backend starts):
 *   node --import tsx bench/tfjs/unet-child.ts '{"net":"unet188","backend":"wasm","threads":2,"steps":3,"forwards":3}'
 * Prints one JSON line {backend, threads, reason, forwardMs[], stepMs[], outShape}.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/runtime/backend/select-backend.js';
import { BENCH_NETS, buildUnet } from './unet-nets.js';

interface ChildArgs {
  net: string;
  backend: 'wasm' | 'cpu' | 'tensorflow';
  threads: number;
  steps: number;
  forwards: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
process.env['UNETC_WASM_THREADS'] = String(args.threads);
const picked = await selectBackend(args.backend);
const net = BENCH_NETS[args.net];
if (net === undefined) throw new Error(`unknown net ${args.net}`);
const model = buildUnet(net);
model.compile({ optimizer: tf.train.momentum(0.01, 0.99), loss: 'categoricalCrossentropy' });
const x = tf.randomNormal([1, net.input, net.input, 1], 0, 1, 'float32', 1);
const outShape = model.outputs[0]?.shape.slice(1) as number[];
const labels = tf.randomUniform(outShape.slice(0, -1), 0, net.classes, 'int32', 2);
const y = tf.oneHot(labels.flatten(), net.classes).reshape([1, ...outShape]);

async function time(run: () => Promise<unknown>, repeats: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

const forward = async (): Promise<void> => {
  const out = model.predict(x) as tf.Tensor;
  await out.data();
  out.dispose();
};
const step = async (): Promise<void> => {
  await model.trainOnBatch(x, y);
};
// One untimed run of each warms up XNNPACK operator caches and the heap.
const forwardMs = args.forwards > 0 ? (await time(forward, 1), await time(forward, args.forwards)) : [];
const stepMs = args.steps > 0 ? (await time(step, 1), await time(step, args.steps)) : [];
console.log(JSON.stringify({ backend: picked.name, threads: picked.threads, reason: picked.reason, forwardMs, stepMs, outShape }));

/**
 * One tfjs measurement in its own process (the wasm thread count is fixed when the backend starts):
 *   node --import tsx bench/tfjs/unet-child.ts '{"net":"unet188","backend":"wasm","threads":2,"steps":3,"forwards":3}'
 * Prints one JSON line {backend, threads, reason, forwardMs[], stepMs[], outShape}.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/runtime/backend/select-backend.js';
import { fuseConvActivations } from '../../src/runtime/train/fuse-conv-layers.js';
import { BENCH_NETS, buildUnet } from './unet-nets.js';

interface ChildArgs {
  net: string;
  backend: 'wasm' | 'cpu' | 'tensorflow';
  threads: number;
  steps: number;
  forwards: number;
  /** Untimed runs before timing each kind (default 1). */
  warmup?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
process.env['UNETC_WASM_THREADS'] = String(args.threads);
const picked = await selectBackend(args.backend).catch((error: unknown) => {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  process.exit(4);
});
const net = BENCH_NETS[args.net];
if (net === undefined) throw new Error(`unknown net ${args.net}`);
const model = buildUnet(net);
// As `unetc train` does: conv + bias + ReLU as one taped kernel (src/runtime/train/fused-conv.ts).
fuseConvActivations(model);
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
/** The wasm heap in MB, to explain failures (wasm32 memory ends at 4096 MB). */
function heapMb(): number | undefined {
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  return heap === undefined ? undefined : Math.round(heap.length / 2 ** 20);
}

const forwardMs: number[] = [];
const stepMs: number[] = [];
try {
  // One untimed run of each warms up XNNPACK operator caches and the heap.
  const warmup = args.warmup ?? 1;
  if (args.forwards > 0) forwardMs.push(...(await time(forward, warmup), await time(forward, args.forwards)));
  if (args.steps > 0) stepMs.push(...(await time(step, warmup), await time(step, args.steps)));
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const heap = heapMb();
  const note =
    heap !== undefined && heap > 3800 ? ` with the wasm heap at ${heap} MB (wasm32 tops out at 4096 MB)` : '';
  console.log(JSON.stringify({ error: `${message.split('\n')[0]}${note}`, forwardMs, stepMs }));
  process.exit(4);
}
console.log(
  JSON.stringify({
    backend: picked.name,
    threads: picked.threads,
    reason: picked.reason,
    forwardMs,
    stepMs,
    outShape,
  }),
);

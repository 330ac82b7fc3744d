/**
 * One onnxruntime-node measurement in its own process (like the tfjs children):
 *   node --import tsx bench/onnx/ort-child.ts '{"net":"unet188","threads":2,"forwards":3}'
 * The bench net is written as a unetc spec, compiled by the ONNX target (fresh weights) and run
 * with intra-op threads = `threads`. Prints one JSON line {threads, reason, forwardMs[], outShape}.
 */
import * as ort from 'onnxruntime-node';
import { emitOnnx } from '../../src/compiler/emit/onnx/onnx-target.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { BENCH_NETS } from '../tfjs/unet-nets.js';

interface ChildArgs {
  net: string;
  threads: number;
  forwards: number;
  warmup?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const net = BENCH_NETS[args.net];
if (net === undefined) throw new Error(`unknown net ${args.net}`);
// Layer for layer the bench net of bench/tfjs/unet-nets.ts and bench/torch/unet_bench.py.
const spec = `
name: "${net.name}"
network {
  input: ${net.input} x ${net.input} x 1
  classes: ${net.classes}
  depth: ${net.poolings}
  filters: ${net.base}
  block { convs: 2, kernel: 3, padding: valid, activation: relu }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: crop_concat
  head: softmax
}`;
const model = compileSource(spec, `${net.name}.unet`).model;
if (!model) throw new Error(`bench spec ${net.name} does not check`);
const session = await ort.InferenceSession.create(emitOnnx(model, {}), {
  intraOpNumThreads: args.threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});
const x = new Float32Array(net.input * net.input).map((_, i) => Math.sin(i));
const feeds = { input: new ort.Tensor('float32', x, [1, net.input, net.input, 1]) };

async function forward(): Promise<number[]> {
  const out = await session.run(feeds);
  return [...(out['main']?.dims ?? [])];
}

for (let i = 0; i < (args.warmup ?? 1); i++) await forward();
const forwardMs: number[] = [];
let outShape: number[] = [];
for (let i = 0; i < args.forwards; i++) {
  const started = performance.now();
  outShape = (await forward()).slice(1);
  forwardMs.push(performance.now() - started);
}
console.log(
  JSON.stringify({
    threads: args.threads,
    reason: `onnxruntime-node ${ort.env.versions.node ?? ''}`,
    forwardMs,
    stepMs: [],
    outShape,
  }),
);

import * as tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { GraphIndex } from '../../../src/compiler/emit/graph-index.js';
import { modelWeights } from '../../../src/compiler/emit/layer-weights.js';
import { compiledFiles } from '../../../src/compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import { compileSource } from '../../../src/compiler/pipeline.js';
import { registeredUnetcLayers } from '../../../src/runtime/layers/index.js';

export const specsDir = path.resolve(import.meta.dirname, '../../../specs');
export const specFiles = readdirSync(specsDir)
  .filter((f) => /\.(unet|ya?ml)$/.test(f))
  .sort();

export function compileSpec(file: string, inputSize?: readonly number[]): CheckedModel {
  return compileFile(path.join(specsDir, file), inputSize);
}

export function compileFile(full: string, inputSize?: readonly number[]): CheckedModel {
  const result = compileSource(readFileSync(full, 'utf8'), full, inputSize ? { inputSize } : {});
  if (!result.model)
    throw new Error(`${full}: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return result.model;
}

/** The spec at its smallest valid input size. */
export function smallSpec(file: string): CheckedModel {
  return compileSpec(
    file,
    compileSpec(file).summary.sizeRules.map((r) => r.min),
  );
}

/** Deterministic pseudo-random values in [-1, 1). */
export function pseudoRandom(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/**
 * Every variable drawn at random — BN statistics, gammas and PReLU slopes too, so a layout or
 * pairing mistake cannot hide behind the identity-valued initialisation. Kernels are scaled by
 * 1/√fan-in so activations stay O(1) through deep nets; variances stay positive.
 */
export function randomWeights(model: CheckedModel, seed = 7): Map<string, Float32Array> {
  return new Map(
    modelWeights(new GraphIndex(model.graph)).map((d, i) => {
      const n = d.shape.reduce((a, b) => a * b, 1);
      const v = pseudoRandom(n, seed * 7919 + i);
      const fanIn = d.init.kind === 'kernel' ? d.init.fanIn : 1;
      const scale = d.init.kind === 'kernel' ? Math.sqrt(3 / fanIn) : 0.2;
      const base = /gamma|moving_variance/.test(d.name) ? 1 : 0;
      return [d.name, v.map((x) => base + scale * (/moving_variance/.test(d.name) ? Math.abs(x) : x))];
    }),
  );
}

export function inputShapeOf(model: CheckedModel): number[] {
  return [...model.graph.nodes.find((n) => n.id === model.graph.input)!.shape];
}

/** The tfjs model of `model` with `weights`, as `unetc compile` writes it. */
export async function tfjsModel(model: CheckedModel, weights: ReadonlyMap<string, Float32Array>) {
  registeredUnetcLayers();
  const files = compiledFiles(model, { weights });
  const topology = files.modelJson.modelTopology as unknown as tf.io.ModelJSON['modelTopology'];
  const weightSpecs = files.modelJson.weightsManifest.flatMap(
    (g) => g.weights,
  ) as tf.io.WeightsManifestEntry[];
  const data = files.weights;
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs, weightData }));
}

export async function runOnnx(
  bytes: Uint8Array,
  input: Float32Array,
  shape: readonly number[],
): Promise<{ names: readonly string[]; outputs: Record<string, ort.Tensor>; session: ort.InferenceSession }> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input, [...shape]) };
  const outputs = await session.run(feeds);
  return { names: session.outputNames, outputs, session };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? m : Infinity;
}

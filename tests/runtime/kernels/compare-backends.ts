import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../../../src/runtime/backend/wasm-kernels/register.js';
import { registerGradientFixes } from '../../../src/runtime/backend/gradients.js';

/** Initialises cpu and wasm (with unetc's kernels and gradient fixes) once per test file. */
export async function setUpBackends(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmKernels();
  registerGradientFixes();
  await tf.setBackend('cpu');
}

/** Runs `compute` on cpu then on wasm, with the same inputs, and returns both results as flat arrays. */
export async function onBoth(
  compute: () => tf.Tensor | tf.Tensor[],
): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (name: string): Promise<Float32Array[]> => {
    await tf.setBackend(name);
    const out = tf.tidy(compute);
    const list = Array.isArray(out) ? out : [out];
    const arrays = await Promise.all(list.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose(list);
    return arrays;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  await tf.setBackend('cpu');
  return { cpu, wasm };
}

/** max |a − ref| / max |ref| (0 when both are all zero): the error measure of the correctness proof. */
export function relativeError(a: Float32Array, ref: Float32Array): number {
  if (a.length !== ref.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (ref[i] as number)));
    scale = Math.max(scale, Math.abs(ref[i] as number));
  }
  if (Number.isNaN(diff)) return Infinity;
  return scale === 0 ? diff : diff / scale;
}

/** The worst relative error over all outputs of a comparison. */
export function worstError(result: { cpu: Float32Array[]; wasm: Float32Array[] }): number {
  return Math.max(...result.cpu.map((ref, i) => relativeError(result.wasm[i] as Float32Array, ref)));
}

/** Deterministic normal-ish values so that cpu and wasm see identical inputs. */
export function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

import type { InitKind } from '../spec/model-spec.js';
import type { WeightDecl } from './layer-weights.js';
import { SeededRandom, streamSeed } from './seeded-random.js';

/** Default seed when neither the spec nor `--seed` gives one. */
export const DEFAULT_INIT_SEED = 1;

/**
 * Draws one kernel with n = fan-in, fan-out as tfjs computes them:
 * - paper: N(0, √(2/fanIn)) — the 2015 paper's Gaussian, untruncated;
 * - he_normal: truncated normal (|z| ≤ 2), σ = √(2/fanIn); he_uniform: U(±√(6/fanIn));
 * - glorot_normal: truncated normal, σ = √(2/(fanIn+fanOut)); glorot_uniform: U(±√(6/(fanIn+fanOut))).
 */
function drawKernel(
  values: Float32Array,
  init: InitKind,
  fanIn: number,
  fanOut: number,
  rng: SeededRandom,
): void {
  const fanAvg = Math.max(1, (fanIn + fanOut) / 2);
  const n = Math.max(1, fanIn);
  const sample: () => number = (() => {
    switch (init) {
      case 'paper': {
        const std = Math.sqrt(2 / n);
        return () => rng.normal() * std;
      }
      case 'he_normal': {
        const std = Math.sqrt(2 / n);
        return () => rng.truncatedNormal() * std;
      }
      case 'he_uniform': {
        const limit = Math.sqrt(6 / n);
        return () => (2 * rng.next() - 1) * limit;
      }
      case 'glorot_normal': {
        const std = Math.sqrt(1 / fanAvg);
        return () => rng.truncatedNormal() * std;
      }
      case 'glorot_uniform': {
        const limit = Math.sqrt(3 / fanAvg);
        return () => (2 * rng.next() - 1) * limit;
      }
    }
  })();
  for (let i = 0; i < values.length; i++) values[i] = sample();
}

/**
 * Initial values of every variable: kernels drawn per `init`, biases and BN beta / moving mean 0,
 * BN gamma / moving variance 1, PReLU alpha 0. Each weight has its own stream seeded by
 * (seed, weight name), so a pruned graph draws the same values for the layers it keeps.
 */
export function initialWeights(decls: readonly WeightDecl[], init: InitKind, seed: number): Float32Array[] {
  return decls.map((decl) => {
    const values = new Float32Array(decl.shape.reduce((a, b) => a * b, 1));
    if (decl.init.kind === 'constant') {
      values.fill(decl.init.value);
    } else {
      drawKernel(
        values,
        init,
        decl.init.fanIn,
        decl.init.fanOut,
        new SeededRandom(streamSeed(seed, decl.name)),
      );
    }
    return values;
  });
}

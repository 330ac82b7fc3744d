import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { runFamily, wider, type Family } from './helpers/run-family.js';

// The 3D families (their own file, so they run beside the 2D ones): compile → load → train → predict.
const families: Family[] = [
  { spec: 'unet3d.unet', divisor: 32, batch: 1, steps: 2 },
  { spec: 'nnunet-3d.unet', divisor: 16, grow: wider },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(families)('$spec (filters ÷ $divisor)', (family) => {
  it('compiles, loads with the checker’s shapes, trains 2–3 steps (loss falls) and predicts', async () => {
    await runFamily(family);
  });
});

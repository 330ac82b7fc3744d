import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { runFamily, wider, type Family } from './helpers/run-family.js';

// Every 2D family in specs/, shrunk: compile → load → train 3 steps → predict (see runFamily).
const families: Family[] = [
  { spec: 'unet2015.unet', divisor: 32 },
  { spec: 'unet-release2015.unet', divisor: 32 },
  { spec: 'unet-nuclei.unet', divisor: 8 },
  { spec: 'unetpp.unet', divisor: 8 },
  { spec: 'attention-unet.unet', divisor: 8 },
  { spec: 'attention-unet-monai.unet', divisor: 8 },
  { spec: 'nnunet-2d.unet', divisor: 16, grow: wider },
  { spec: 'monai-unet.unet', divisor: 8, grow: wider },
  // Odd sizes: pooling floors them and the decoder replicate-pads back to each skip, as MONAI's UpCat.
  { spec: 'monai-basicunet.unet', divisor: 8, grow: () => [33, 35] },
  { spec: 'dynunet-res.unet', divisor: 16, grow: wider },
  { spec: 'dynunet.unet', divisor: 16, grow: wider },
  { spec: 'resunet.unet', divisor: 16 },
  { spec: 'unet3plus.unet', divisor: 16 },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(families)('$spec (filters ÷ $divisor)', (family) => {
  it('compiles, loads with the checker’s shapes, trains 3 steps (loss falls) and predicts', async () => {
    await runFamily(family);
  });
});

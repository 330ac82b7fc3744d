import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { runFamily, type Family } from './helpers/run-family.js';

/**
 * The constructs the MONAI specs (monai-unet, monai-basicunet, attention-unet-monai, dynunet,
 * dynunet-res: tests/variants/families-2d.test.ts) do not already train, as one-line changes of
 * specs/unet-nuclei.unet through the same compile → load → train → predict run.
 */
const nuclei = (
  name: string,
  edits: [string, string][],
  grow?: Family['grow'],
): Family & { name: string } => ({
  name,
  spec: 'unet-nuclei.unet',
  divisor: 4,
  edits,
  ...(grow ? { grow } : {}),
});

/** MONAI BasicUNet in 3D at odd sizes: replicate padding and pools that floor, on every axis. */
const basic3d: Family & { name: string } = {
  name: 'MONAI BasicUNet in 3D, odd sizes padded back to every skip',
  spec: 'monai-basicunet.unet',
  divisor: 16,
  edits: [['input: 128 x 128 x 1', 'input: 19 x 33 x 37 x 1']],
  grow: () => [19, 33, 37],
  batch: 1,
};

const variants = [
  basic3d,
  nuclei('dropout between the convs (10%), 1×1 conv before a bilinear resize, none at the top', [
    ['activation: relu', 'activation: relu\n    dropout: dropout(rate: 10%, place: between)'],
    [
      'up: transpose(kernel: 2, stride: 2)',
      'up: bilinear(kernel: 1, stride: 2, conv: before)\n  level 0 { up: bilinear(conv: none, filters: same) }',
    ],
  ]),
  nuclei(
    'odd sizes zero-padded to the skip, up-convs with a batch norm of their own, per-channel PReLU',
    [
      ['skip: concat ', 'skip: concat(pad: zero) '],
      [
        'up: transpose(kernel: 2, stride: 2)',
        'up: transpose(kernel: 2, stride: 2, norm: batch, activation: relu)',
      ],
      ['activation: relu', 'activation: prelu(shared: false)'],
    ],
    () => [35, 37],
  ),
  nuclei('residual blocks striding their first conv, shared PReLU, activation after the add', [
    ['down: maxpool(2)', 'down: block(stride: 2)'],
    [
      'activation: relu',
      'activation: prelu(shared: true)\n    residual: residual(projection: block, activation: after_add)',
    ],
  ]),
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(variants)('$spec with $name', (variant) => {
  it('compiles, loads with the checker’s shapes, trains 3 steps (loss falls) and predicts', async () => {
    await runFamily(variant);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { runFamily, wider, type Family } from './helpers/run-family.js';

/**
 * The choices no family spec makes, each as a one-line change of specs/unet-nuclei.unet, through
 * the same compile → load → train → predict run: group norm, ELU, spatial dropout after every
 * conv, conv → act → norm order, average pooling, strided-conv down-sampling without norm,
 * bilinear resize + conv up-sampling, additive skips, bias-free transposed convs with norm.
 */
const nuclei = (name: string, edits: [string, string][]): Family & { name: string } => ({
  name,
  spec: 'unet-nuclei.unet',
  divisor: 4,
  edits,
  // Instance norm needs more than one pixel at the bottleneck (see runFamily's `wider`).
  ...(edits.some(([, to]) => to.includes('instance')) ? { grow: wider } : {}),
});

const variants = [
  nuclei('group norm + ELU + spatial dropout after each conv', [
    [
      'activation: relu',
      'activation: elu(1)\n    norm: group(2)\n    dropout: dropout(rate: 0.2, place: each_conv, spatial: true)',
    ],
  ]),
  nuclei('batch norm after the activation (conv → act → norm)', [
    ['activation: relu', 'activation: relu\n    norm: batch\n    order: conv_act_norm'],
  ]),
  nuclei('average pooling, bilinear resize + conv up-sampling', [
    ['down: maxpool(2)', 'down: avgpool(2)'],
    ['up: transpose(kernel: 2, stride: 2)', 'up: bilinear(2)'],
  ]),
  nuclei('bare strided-conv down-sampling, additive skips, residual blocks', [
    ['down: maxpool(2)', 'down: conv(kernel: 3, stride: 2, padding: same, norm_act: false)'],
    ['skip: concat ', 'skip: add '],
    ['activation: relu', 'activation: relu\n    residual: true'],
  ]),
  nuclei('bias-free transposed convs with norm and ReLU, PReLU blocks', [
    [
      'up: transpose(kernel: 2, stride: 2)',
      'up: transpose(kernel: 2, stride: 2, bias: false, norm: true, activation: relu)',
    ],
    ['activation: relu', 'activation: prelu\n    norm: instance(affine: true)'],
  ]),
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(variants)('unet-nuclei with $name', (variant) => {
  it('compiles, loads with the checker’s shapes, trains 3 steps (loss falls) and predicts', async () => {
    await runFamily(variant);
  });
});

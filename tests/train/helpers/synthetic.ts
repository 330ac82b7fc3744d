import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../src/runtime/data/rng.js';
import type { HostBatch, TrainBatches } from '../../../src/runtime/train/host-batch.js';

/** A tiny seeded segmentation net: 3×3 conv → dropout → 1×1 conv with a fused softmax head. */
export function tinyNet(
  seed: number,
  options: { dropout?: number; headActivation?: 'softmax' | 'separate' } = {},
): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 1], name: 'input' });
  let x = tf.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name: 'enc0_conv1',
      kernelInitializer: tf.initializers.glorotNormal({ seed }),
    })
    .apply(input) as tf.SymbolicTensor;
  if (options.dropout)
    x = tf.layers.dropout({ rate: options.dropout, name: 'drop' }).apply(x) as tf.SymbolicTensor;
  const separate = options.headActivation === 'separate';
  let out = tf.layers
    .conv2d({
      filters: 2,
      kernelSize: 1,
      activation: separate ? 'linear' : 'softmax',
      name: 'head',
      kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }),
    })
    .apply(x) as tf.SymbolicTensor;
  if (separate)
    out = tf.layers
      .activation({ activation: 'softmax', name: 'head_softmax' })
      .apply(out) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Batch of step t: random 8×8 images; the label is "bright pixel" (learnable by the net). */
export function syntheticBatch(seed: number, step: number, batch = 2): HostBatch {
  const rng = Rng.derive(seed, 'synthetic', step);
  const n = batch * 64;
  const images = new Float32Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    images[i] = rng.next();
    labels[i] = images[i]! > 0.5 ? 1 : 0;
  }
  return { images, imageShape: [batch, 8, 8, 1], labels, labelShape: [batch, 8, 8] };
}

export function syntheticData(seed: number): TrainBatches {
  return { batch: async (step) => syntheticBatch(seed, step), close: async () => {} };
}

import type * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/rng.js';

/**
 * tfjs' Dropout draws its mask from Math.random unless the layer has a `seed`, and with a fixed
 * seed it would draw the same mask every step. Setting a fresh seed derived from (run seed, step,
 * layer index) before each step makes dropout both varying and reproducible, which is what lets a
 * resumed run match an uninterrupted one. Returns how many layers were seeded.
 */
export function seedDropoutLayers(model: tf.LayersModel, seed: number, step: number): number {
  let seeded = 0;
  model.layers.forEach((layer, index) => {
    if (!/Dropout/.test(layer.getClassName())) return;
    // `seed` is a public field of tfjs-layers' Dropout that its call() passes to tf.dropout.
    (layer as unknown as { seed?: number }).seed = Rng.derive(seed, 'dropout', step, index).nextUint32();
    seeded++;
  });
  return seeded;
}

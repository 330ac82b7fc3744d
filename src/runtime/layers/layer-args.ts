import * as tf from '@tensorflow/tfjs';

/** The base-layer arguments (name, trainable, …) every custom layer passes through to tf.layers.Layer. */
export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Call-time keyword arguments (`training`, …) as tfjs-layers passes them. */
export type CallKwargs = Parameters<tf.layers.Layer['call']>[1];

/**
 * A tfjs layer class taken from an instance's constructor (tfjs-layers exports only factories);
 * typed with the static `fromConfig` that `registerClass` needs.
 */
export type LayerClass<A> = (new (args: A) => tf.layers.Layer) & Pick<typeof tf.layers.Layer, 'fromConfig'>;

/** The single tensor of a one-input layer (tfjs passes either a tensor or a one-element list). */
export function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!x) throw new Error('layer called without an input');
  return x;
}

/** The single shape of a one-input layer. */
export function singleShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  const first = inputShape[0];
  return Array.isArray(first) ? first : (inputShape as tf.Shape);
}

/** Both shapes of a two-input layer. */
export function pairShapes(inputShape: tf.Shape | tf.Shape[]): [tf.Shape, tf.Shape] {
  const [a, b] = inputShape;
  if (!Array.isArray(a) || !Array.isArray(b))
    throw new Error(`expected two input shapes, got ${JSON.stringify(inputShape)}`);
  return [a, b];
}

import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type BaseLayerArgs, single, singleShape } from './layer-args.js';

export interface EluArgs extends BaseLayerArgs {
  alpha?: number;
}

/** ELU with any alpha (tfjs' ELU layer rejects alpha ≠ 1): relu(x) + alpha·(exp(min(x, 0)) − 1). */
export class UnetcELU extends tf.layers.Layer {
  static readonly className = UnetcLayer.elu;
  private readonly alpha: number;

  constructor(args: EluArgs) {
    super(args);
    this.alpha = args.alpha ?? 1;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    // exp(min(x, 0)) rather than a select: exp of a large positive x would poison the gradient.
    return tf.tidy(() => {
      const x = single(inputs);
      return tf.add(tf.relu(x), tf.mul(this.alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { alpha: this.alpha, ...super.getConfig() };
  }
}
tf.serialization.registerClass(UnetcELU);

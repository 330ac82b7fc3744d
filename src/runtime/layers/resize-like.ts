import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type BaseLayerArgs, pairShapes } from './layer-args.js';
import { type Interpolation, resampleSpatial } from './resample-axis.js';

export interface ResizeLikeArgs extends BaseLayerArgs {
  interpolation?: Interpolation;
}

/**
 * Resizes input 0 to the spatial size of input 1, keeping input 0's channels: an attention gate
 * puts its coefficients α (computed on the coarse grid) back onto the skip connection's grid.
 * 2D and 3D alike.
 */
export class UnetcResizeLike extends tf.layers.Layer {
  static readonly className = UnetcLayer.resizeLike;
  private readonly interpolation: Interpolation;

  constructor(args: ResizeLikeArgs) {
    super(args);
    this.interpolation = args.interpolation ?? 'bilinear';
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [x, like] = pairShapes(inputShape);
    return [x[0] ?? null, ...like.slice(1, -1), x[x.length - 1] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!Array.isArray(inputs) || inputs.length !== 2)
      throw new Error(`${UnetcLayer.resizeLike} takes [x, like]`);
    const [x, like] = inputs as [tf.Tensor, tf.Tensor];
    return resampleSpatial(x, like.shape.slice(1, -1), this.interpolation);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { interpolation: this.interpolation, ...super.getConfig() };
  }
}
tf.serialization.registerClass(UnetcResizeLike);

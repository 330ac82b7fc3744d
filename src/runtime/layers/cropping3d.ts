import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type BaseLayerArgs, single, singleShape } from './layer-args.js';

type Pairs = [number, number][];

export interface Cropping3DArgs extends BaseLayerArgs {
  /** [before, after] for depth, height, width. */
  cropping: Pairs;
}

/** Keras' Cropping3D (channels-last), which tfjs-layers lacks: slices [before, size − after) per spatial axis. */
export class UnetcCropping3D extends tf.layers.Layer {
  static readonly className = UnetcLayer.cropping3d;
  private readonly cropping: Pairs;

  constructor(args: Cropping3DArgs) {
    super(args);
    this.cropping = args.cropping.map(([a, b]) => [a, b]);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = singleShape(inputShape);
    return s.map((n, i) => {
      const c = this.cropping[i - 1];
      return c && n !== null ? n - c[0] - c[1] : n;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const begin = x.shape.map((_, i) => this.cropping[i - 1]?.[0] ?? 0);
      const size = x.shape.map((n, i) => {
        const c = this.cropping[i - 1];
        return c ? n - c[0] - c[1] : -1;
      });
      return tf.slice(x, begin, size);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { cropping: this.cropping, ...super.getConfig() };
  }
}
tf.serialization.registerClass(UnetcCropping3D);

import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type BaseLayerArgs, single, singleShape } from './layer-args.js';

type Pairs = [number, number][];

export interface ZeroPadding3DArgs extends BaseLayerArgs {
  /** [before, after] for depth, height, width. */
  padding: Pairs;
}

/** Keras' ZeroPadding3D (channels-last), which tfjs-layers lacks. */
export class UnetcZeroPadding3D extends tf.layers.Layer {
  static readonly className = UnetcLayer.zeroPadding3d;
  private readonly padding: Pairs;

  constructor(args: ZeroPadding3DArgs) {
    super(args);
    this.padding = args.padding.map(([a, b]) => [a, b]);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape).map((n, i) => {
      const p = this.padding[i - 1];
      return p && n !== null ? n + p[0] + p[1] : n;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      return tf.pad(
        x,
        x.shape.map((_, i): [number, number] => this.padding[i - 1] ?? [0, 0]),
      );
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { padding: this.padding, ...super.getConfig() };
  }
}
tf.serialization.registerClass(UnetcZeroPadding3D);

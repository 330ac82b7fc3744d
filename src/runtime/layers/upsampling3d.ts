import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type BaseLayerArgs, single, singleShape } from './layer-args.js';
import { type Interpolation, upsampleAxis } from './resample-axis.js';

export interface UpSampling3DArgs extends BaseLayerArgs {
  /** Factor per axis (depth, height, width). */
  size: number[];
  /** 'bilinear' means trilinear here (linear along each axis), as in tfjs' 2D convention. */
  interpolation?: Interpolation;
}

/** Keras' UpSampling3D (nearest), plus trilinear; tfjs-layers has only UpSampling2D. */
export class UnetcUpSampling3D extends tf.layers.Layer {
  static readonly className = UnetcLayer.upSampling3d;
  private readonly size: number[];
  private readonly interpolation: Interpolation;

  constructor(args: UpSampling3DArgs) {
    super(args);
    this.size = [...args.size];
    this.interpolation = args.interpolation ?? 'nearest';
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape).map((n, i) => {
      const f = this.size[i - 1];
      return f !== undefined && n !== null ? n * f : n;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = single(inputs);
    return tf.tidy(() => this.size.reduce((t, f, i) => upsampleAxis(t, i + 1, f, this.interpolation), x));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { size: this.size, interpolation: this.interpolation, ...super.getConfig() };
  }
}
tf.serialization.registerClass(UnetcUpSampling3D);

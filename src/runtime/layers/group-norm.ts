import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type BaseLayerArgs, single, singleShape } from './layer-args.js';

export interface GroupNormArgs extends BaseLayerArgs {
  /** Channel groups; each group is normalised over space and its channels. */
  groups?: number;
  epsilon?: number;
  /** Learnable offset beta / scale gamma per channel (affine). */
  center?: boolean;
  scale?: boolean;
}

/**
 * Group normalisation (Wu & He 2018), channels-last, 2D or 3D: per sample, statistics over the
 * spatial axes and the C/G channels of each group; then y·gamma + beta per channel if affine.
 * Train and inference behave alike (no moving statistics).
 */
export class UnetcGroupNormalization extends tf.layers.Layer {
  static readonly className: string = UnetcLayer.groupNorm;
  protected readonly groups: number;
  private readonly epsilon: number;
  private readonly center: boolean;
  private readonly scale: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: GroupNormArgs) {
    super(args);
    this.groups = args.groups ?? 1;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
  }

  /** Number of groups for `channels` (instance norm overrides: one per channel). */
  protected groupCount(_channels: number): number {
    return this.groups;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = singleShape(inputShape);
    const channels = s[s.length - 1];
    if (typeof channels !== 'number') throw new Error(`${this.name}: channel count must be known`);
    if (channels % this.groupCount(channels) !== 0) {
      throw new Error(
        `${this.name}: ${channels} channels do not split into ${this.groupCount(channels)} groups`,
      );
    }
    if (this.scale) this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const [batch, ...rest] = x.shape;
      const channels = rest[rest.length - 1] ?? 1;
      const g = this.groupCount(channels);
      const grouped = tf.reshape(x, [batch ?? -1, -1, g, channels / g]);
      const { mean, variance } = tf.moments(grouped, [1, 3], true);
      const normed = tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      let y = tf.reshape(normed, x.shape);
      if (this.gamma) y = tf.mul(y, this.gamma.read());
      if (this.beta) y = tf.add(y, this.beta.read());
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...this.ownConfig(),
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...super.getConfig(),
    };
  }

  protected ownConfig(): tf.serialization.ConfigDict {
    return { groups: this.groups };
  }
}
tf.serialization.registerClass(UnetcGroupNormalization);

/** Instance normalisation: group norm with one group per channel (statistics per sample and channel). */
export class UnetcInstanceNormalization extends UnetcGroupNormalization {
  static override readonly className: string = UnetcLayer.instanceNorm;

  protected override groupCount(channels: number): number {
    return channels;
  }

  protected override ownConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
tf.serialization.registerClass(UnetcInstanceNormalization);

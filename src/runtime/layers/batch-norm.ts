import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type CallKwargs, type LayerClass, single } from './layer-args.js';

type BatchNormArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;

// tfjs-layers does not export the class itself, only its factory; take it from an instance.
const BatchNormalization = tf.layers.batchNormalization({}).constructor as LayerClass<BatchNormArgs>;

/** The BatchNormalization fields the fixes touch; not in tfjs' public typings. */
interface BatchNormFields {
  center: boolean;
  scale: boolean;
  gamma: { read(): tf.Tensor } | null | undefined;
  beta: { read(): tf.Tensor } | null | undefined;
}

/**
 * tfjs-layers' BatchNormalization with two bugs of 4.22 fixed, so the compiler can emit batch norm
 * wherever a spec asks for it (same config, same weights gamma/beta/moving_mean/moving_variance,
 * same moving-average updates; Keras' own BatchNormalization has neither bug):
 * - rank-5 (3D) input throws "not implemented for array of rank 5": normalising over [B, D, H, W]
 *   equals normalising the [B, D, H·W, C] reshape, so it reshapes around the stock call;
 * - training with center/scale false reads the absent gamma/beta: the identity (ones/zeros)
 *   stands in for them during that call.
 */
export class UnetcBatchNormalization extends BatchNormalization {
  static readonly className = UnetcLayer.batchNorm;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallKwargs): tf.Tensor {
    const x = single(inputs);
    const f = this as unknown as BatchNormFields;
    const channels = x.shape[x.rank - 1] ?? 1;
    const saved = { gamma: f.gamma, beta: f.beta };
    if (!f.scale) f.gamma = { read: () => tf.ones([channels]) };
    if (!f.center) f.beta = { read: () => tf.zeros([channels]) };
    try {
      if (x.rank !== 5) return super.call(x, kwargs) as tf.Tensor;
      const [b, d, h, w, c] = x.shape as [number, number, number, number, number];
      const y = super.call(tf.reshape(x, [b, d, h * w, c]), kwargs) as tf.Tensor;
      return tf.reshape(y, x.shape);
    } finally {
      f.gamma = saved.gamma;
      f.beta = saved.beta;
    }
  }
}
tf.serialization.registerClass(UnetcBatchNormalization);

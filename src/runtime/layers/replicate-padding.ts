import * as tf from '@tensorflow/tfjs';
import { UnetcLayer } from '../../compiler/emit/custom-layers.js';
import { type BaseLayerArgs, single, singleShape } from './layer-args.js';

type Pairs = [number, number][];

export interface ReplicatePaddingArgs extends BaseLayerArgs {
  /** [before, after] per spatial axis (2D or 3D). */
  padding: Pairs;
}

/**
 * `count` copies of the slice at `index` along `axis`, by concatenation: tfjs has no gradient for
 * `tile` on rank-5 (3D) tensors.
 */
function edge(x: tf.Tensor, axis: number, index: number, count: number): tf.Tensor {
  const begin = x.shape.map((_, i) => (i === axis ? index : 0));
  const size = x.shape.map((n, i) => (i === axis ? 1 : n));
  const slice = tf.slice(x, begin, size);
  return count === 1
    ? slice
    : tf.concat(
        Array.from({ length: count }, () => slice),
        axis,
      );
}

/**
 * Edge-replicating padding, channels-last, 2D or 3D (PyTorch `F.pad(x, p, "replicate")`, as
 * MONAI's UpCat pads an up-sampled map to its skip): tfjs has only zero, reflect and symmetric
 * padding. Each axis in turn gains copies of its first and last slice.
 */
export class UnetcReplicatePadding extends tf.layers.Layer {
  static readonly className = UnetcLayer.replicatePadding;
  private readonly padding: Pairs;

  constructor(args: ReplicatePaddingArgs) {
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
      let x = single(inputs);
      this.padding.forEach(([before, after], i) => {
        const axis = i + 1;
        const parts: tf.Tensor[] = [];
        if (before > 0) parts.push(edge(x, axis, 0, before));
        parts.push(x);
        if (after > 0) parts.push(edge(x, axis, (x.shape[axis] ?? 1) - 1, after));
        if (parts.length > 1) x = tf.concat(parts, axis);
      });
      return x;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { padding: this.padding, ...super.getConfig() };
  }
}
tf.serialization.registerClass(UnetcReplicatePadding);

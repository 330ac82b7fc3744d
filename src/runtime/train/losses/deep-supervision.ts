import * as tf from '@tensorflow/tfjs';
import type { PixelLoss, PixelTarget } from './pixel-loss.js';

export interface SupervisedHead {
  readonly name: string;
  /** Weight of this head's loss in the total (the plan's IrOutput.lossWeight). */
  readonly weight: number;
}

/**
 * 'native': each head keeps its own resolution and the target (labels, weights) is resampled to it
 * (nnU-Net); 'upsampled': each head's logits are resampled to the target's size (DynUNet).
 */
export type SupervisionResolution = 'native' | 'upsampled';

/**
 * Nearest-neighbour indices for resampling an axis of `from` pixels to `to` pixels with
 * half-pixel centres: i ↦ floor((i + ½)·from/to), clamped to the axis.
 */
export function nearestIndices(from: number, to: number): Int32Array {
  const out = new Int32Array(to);
  for (let i = 0; i < to; i++) out[i] = Math.min(from - 1, Math.floor(((i + 0.5) * from) / to));
  return out;
}

/**
 * Nearest resampling of the spatial axes 1..size.length of `x` to `size`, by gathers; exact for
 * labels (no interpolated class values), any rank (2D and 3D), and differentiable (for logits).
 */
export function resizeNearest(x: tf.Tensor, size: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    let out = x;
    size.forEach((to, axis) => {
      const from = out.shape[axis + 1]!;
      if (from !== to) out = tf.gather(out, tf.tensor1d(nearestIndices(from, to), 'int32'), axis + 1);
    });
    return out;
  });
}

function sameSpatial(logits: tf.Tensor, labels: tf.Tensor): boolean {
  return labels.shape.slice(1).every((s, i) => logits.shape[i + 1] === s);
}

/**
 * The deep-supervision total Σ_i weight_i · L_i(head_i, target at head_i's resolution), with one
 * loss for all heads or one per head.
 * With one head of weight 1 it is the plain loss.
 */
export function deepSupervisionLoss(
  loss: PixelLoss | readonly PixelLoss[],
  heads: readonly SupervisedHead[],
  resolution: SupervisionResolution,
): (logits: readonly tf.Tensor[], target: PixelTarget) => tf.Scalar {
  return (logits, target) =>
    tf.tidy(() => {
      if (logits.length !== heads.length) {
        throw new Error(`model has ${logits.length} outputs but the plan lists ${heads.length} heads`);
      }
      const terms = logits.map((headLogits, i) => {
        const lossOf = typeof loss === 'function' ? loss : loss[i]!;
        let term: tf.Scalar;
        if (sameSpatial(headLogits, target.labels)) term = lossOf(headLogits, target);
        else if (resolution === 'upsampled') {
          term = lossOf(resizeNearest(headLogits, target.labels.shape.slice(1)), target);
        } else {
          const size = headLogits.shape.slice(1, -1);
          const labels = resizeNearest(target.labels, size);
          const weights = target.weights ? resizeNearest(target.weights, size) : undefined;
          term = lossOf(headLogits, { labels, weights });
        }
        return tf.mul(term, heads[i]!.weight);
      });
      return tf.addN(terms) as tf.Scalar;
    });
}

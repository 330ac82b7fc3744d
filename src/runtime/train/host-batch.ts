import * as tf from '@tensorflow/tfjs';
import type { PixelTarget } from './losses/pixel-loss.js';

/** One batch in host memory, as the data pipeline hands it over (channels-last, batch first). */
export interface HostBatch {
  /** [B, ...inputSpatial, C], normalised intensities. */
  readonly images: Float32Array;
  readonly imageShape: readonly number[];
  /** [B, ...outputSpatial]: class index per pixel, −1 = ignored. */
  readonly labels: Float32Array | Int32Array;
  readonly labelShape: readonly number[];
  /** [B, ...outputSpatial] weight map w(x), when the loss uses one. */
  readonly weights?: Float32Array | null;
}

/**
 * Where training batches come from. `batch(step)` must depend only on the run's seed and the
 * 0-based global step (not on how many batches were drawn before), so a resumed run replays
 * exactly the batches the uninterrupted one would have seen.
 */
export interface TrainBatches {
  batch(step: number): Promise<HostBatch>;
  close(): Promise<void>;
}

export interface BatchTensors {
  readonly x: tf.Tensor;
  readonly target: PixelTarget;
}

export function toTensors(batch: HostBatch): BatchTensors {
  return tf.tidy(() => {
    const labels = tf.tensor(
      batch.labels instanceof Int32Array ? batch.labels : Int32Array.from(batch.labels),
      [...batch.labelShape],
      'int32',
    );
    const x = tf.tensor(batch.images, [...batch.imageShape], 'float32');
    const weights = batch.weights ? tf.tensor(batch.weights, [...batch.labelShape], 'float32') : undefined;
    return { x, target: { labels, weights } };
  });
}

export function disposeTensors(t: BatchTensors): void {
  tf.dispose([t.x, t.target.labels, ...(t.target.weights ? [t.target.weights] : [])]);
}

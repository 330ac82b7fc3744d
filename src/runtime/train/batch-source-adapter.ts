import type { BatchSource } from '../data/prefetch/batch-source.js';
import type { HostBatch, TrainBatches } from './host-batch.js';

/**
 * The data pipeline's label and weight tiles carry a trailing channel axis of 1
 * ([N, ...output, 1]); the losses want [N, ...output].
 */
export function dropChannelAxis(shape: readonly number[]): number[] {
  return shape.length > 0 && shape[shape.length - 1] === 1 ? shape.slice(0, -1) : [...shape];
}

/** Training batches from the prefetching BatchSource, which must be opened at `startStep`. */
export function trainBatchesFrom(source: BatchSource, startStep: number): TrainBatches {
  let expected = startStep;
  return {
    async batch(step: number): Promise<HostBatch> {
      if (step !== expected)
        throw new Error(`batch source is at step ${expected}, the trainer asked for ${step}`);
      const b = await source.next();
      expected++;
      if (b.step !== step) throw new Error(`batch source produced step ${b.step} for step ${step}`);
      if (b.labels === null) throw new Error('training batches need masks');
      return {
        images: b.images,
        imageShape: b.imageShape,
        labels: b.labels,
        labelShape: dropChannelAxis(b.labelShape),
        weights: b.weights,
      };
    },
    close: () => source.close(),
  };
}

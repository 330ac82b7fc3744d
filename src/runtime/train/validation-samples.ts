import type { Image } from '../data/image.js';
import type { ValidationSample } from '../report/val-samples.js';
import type { HostBatch } from './host-batch.js';

/**
 * Collects the first `count` validation tiles (2D only) as report samples: the input cropped to the
 * output region (centred; valid padding crops the labels the same way), the truth and the prediction.
 */
export class SampleCollector {
  readonly samples: ValidationSample[] = [];

  constructor(private readonly count: number) {}

  add(batch: HostBatch, predicted: ArrayLike<number>): void {
    const [n, h, w, extra] = batch.labelShape;
    if (extra !== undefined || batch.imageShape.length !== 4) return; // 3D: no samples
    const [, ih, iw, c] = batch.imageShape as [number, number, number, number];
    const top = Math.floor((ih - h!) / 2);
    const left = Math.floor((iw - w!) / 2);
    const size = h! * w!;
    for (let b = 0; b < n! && this.samples.length < this.count; b++) {
      const image = new Float32Array(size * c);
      for (let y = 0; y < h!; y++) {
        const from = ((b * ih + y + top) * iw + left) * c;
        image.set(batch.images.subarray(from, from + w! * c), y * w! * c);
      }
      const slice = (data: ArrayLike<number>): Image => ({
        shape: [h!, w!, 1],
        data: Float32Array.from({ length: size }, (_, i) => data[b * size + i]!),
      });
      this.samples.push({
        image: { shape: [h!, w!, c], data: image },
        truth: slice(batch.labels),
        predicted: slice(predicted),
      });
    }
  }
}

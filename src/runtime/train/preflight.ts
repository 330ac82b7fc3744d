import type { Dataset } from '../data/dataset.js';
import { DataError } from '../data/data-error.js';
import { channelsOf } from '../data/image.js';

/**
 * Decodes every sample once before training starts, so bad input fails in seconds with a message
 * naming the file — not hours in: unreadable files and image/mask size mismatches (the Dataset's
 * own checks), images whose channel count is not the network's, and masks without any labelled
 * pixel. Weight maps computed here land in the cache the data workers read.
 */
export async function preflightSamples(
  dataset: Dataset,
  expectedChannels: number,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  for (let i = 0; i < dataset.size; i++) {
    const sample = await dataset.load(i);
    const channels = channelsOf(sample.image);
    if (channels !== expectedChannels) {
      throw new DataError(
        `${dataset.pairs[i]!.image.path} has ${channels} channel${channels === 1 ? '' : 's'} but the network's input has ${expectedChannels}; convert the image or change network.input`,
      );
    }
    if (sample.label === null)
      throw new DataError(`${dataset.pairs[i]!.image.path} has no mask; training needs one per image`);
    if (!sample.label.data.some((v) => v >= 0)) {
      throw new DataError(
        `${dataset.pairs[i]!.mask!.path} has no labelled pixel (every value is the ignore value)`,
      );
    }
    onProgress?.(i + 1, dataset.size);
  }
}

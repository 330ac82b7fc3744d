import type { Dataset } from '../data/dataset.js';
import { DataError } from '../data/data-error.js';
import { channelsOf, type Image } from '../data/image.js';
import { classMapSuggestion } from '../data/class-map-suggestion.js';

/** What the samples must fit: the network's input channels and output classes. */
export interface PreflightNetwork {
  readonly inputChannels: number;
  readonly classes: number;
}

/** Distinct labelled values of a class-index mask (the ignore class, −1, left out). */
function labelValues(label: Image, into: Set<number>): void {
  let last = Number.NaN;
  for (const v of label.data) {
    if (v === last) continue;
    last = v;
    if (v >= 0) into.add(v);
  }
}

/**
 * Decodes every sample once before training starts, so bad input fails in seconds with a message
 * naming the file — not hours in: unreadable files and image/mask size mismatches (the Dataset's
 * own checks), images whose channel count is not the network's, masks without any labelled
 * pixel, and mask values that are no class of the network (0/255 masks without a `classes`
 * block would otherwise train on empty one-hot targets and validate perfectly).
 * Weight maps computed here land in the cache the data workers read.
 */
export async function preflightSamples(
  dataset: Dataset,
  network: PreflightNetwork,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  // A one-channel sigmoid head still has two classes: background 0 and foreground 1.
  const classCount = Math.max(network.classes, 2);
  const values = new Set<number>();
  let firstOutOfRange: string | null = null;
  for (let i = 0; i < dataset.size; i++) {
    const sample = await dataset.load(i);
    const channels = channelsOf(sample.image);
    if (channels !== network.inputChannels) {
      throw new DataError(
        `${dataset.pairs[i]!.image.path} has ${channels} channel${channels === 1 ? '' : 's'} but the network's input has ${network.inputChannels}; convert the image or change network.input`,
      );
    }
    if (sample.label === null)
      throw new DataError(`${dataset.pairs[i]!.image.path} has no mask; training needs one per image`);
    if (!sample.label.data.some((v) => v >= 0)) {
      throw new DataError(
        `${dataset.pairs[i]!.mask!.path} has no labelled pixel (every value is the ignore value)`,
      );
    }
    const before = values.size;
    labelValues(sample.label, values);
    if (firstOutOfRange === null && values.size > before && [...values].some((v) => v >= classCount))
      firstOutOfRange = dataset.pairs[i]!.mask!.path;
    onProgress?.(i + 1, dataset.size);
  }
  if (firstOutOfRange !== null) {
    const found = [...values].sort((a, b) => a - b);
    throw new DataError(
      `${firstOutOfRange}: mask values ${found.slice(0, 12).join(', ')}${found.length > 12 ? ', …' : ''} but the network has ` +
        `${classCount} classes (mask values 0–${classCount - 1}); map the values to classes in data { }: ${classMapSuggestion(found, classCount)}`,
    );
  }
}

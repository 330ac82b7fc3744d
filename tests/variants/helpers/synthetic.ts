import { elementCount, makeImage, type Image } from '../../../src/runtime/data/image.js';
import { Rng } from '../../../src/runtime/data/rng.js';
import type { HostBatch } from '../../../src/runtime/train/host-batch.js';

/**
 * A learnable batch for a network of the given geometry: random intensities, and a label per
 * output pixel that is the quantised intensity of the input pixel under it (input cropped by the
 * label crop), so a pixel's class is readable from the pixel itself. `classes` is the number of
 * label values (2 for a one-channel sigmoid head). The weight map, when asked for, doubles the
 * weight of class 0 (like the paper's border weights, it is not uniform).
 */
export function syntheticBatch(
  input: readonly number[],
  channels: number,
  crop: readonly (readonly [number, number])[],
  classes: number,
  options: { batch?: number; seed?: number; weights?: boolean } = {},
): HostBatch {
  const batch = options.batch ?? 1;
  const rng = Rng.derive(options.seed ?? 1, 'variant-batch', 0);
  const inCount = elementCount(input);
  const images = new Float32Array(batch * inCount * channels);
  for (let i = 0; i < images.length; i++) images[i] = rng.next();
  const output = input.map((s, a) => s - crop[a]![0] - crop[a]![1]);
  const outCount = elementCount(output);
  const labels = new Int32Array(batch * outCount);
  const strides = input.map((_, a) => elementCount(input.slice(a + 1)));
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outCount; o++) {
      let rest = o;
      let at = 0;
      for (let a = output.length - 1; a >= 0; a--) {
        const coord = rest % output[a]!;
        rest = Math.floor(rest / output[a]!);
        at += (coord + crop[a]![0]) * strides[a]!;
      }
      const v = images[(b * inCount + at) * channels]!;
      labels[b * outCount + o] = Math.min(classes - 1, Math.floor(v * classes));
    }
  }
  const weights = options.weights ? Float32Array.from(labels, (l) => (l === 0 ? 2 : 1)) : null;
  return {
    images,
    imageShape: [batch, ...input, channels],
    labels,
    labelShape: [batch, ...output],
    weights,
  };
}

/** A smooth test image (a bright disc or ball on a dark ramp), [...spatial, channels], values 0..1. */
export function blobImage(spatial: readonly number[], channels: number): Image {
  const image = makeImage([...spatial, channels]);
  const count = elementCount(spatial);
  for (let i = 0; i < count; i++) {
    let rest = i;
    let r2 = 0;
    for (let a = spatial.length - 1; a >= 0; a--) {
      const c = rest % spatial[a]!;
      rest = Math.floor(rest / spatial[a]!);
      const d = (c - spatial[a]! / 2) / (spatial[a]! / 3);
      r2 += d * d;
    }
    for (let ch = 0; ch < channels; ch++)
      image.data[i * channels + ch] = r2 < 1 ? 0.9 : 0.1 + 0.1 * (i / count);
  }
  return image;
}

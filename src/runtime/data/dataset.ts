import type { DataSpec } from '../../compiler/spec/pipeline-spec.js';
import { mapMaskToClasses } from './class-map.js';
import { DataError } from './data-error.js';
import { formatShape, sameSpatialShape, spatialShape, type Image } from './image.js';
import { ByteLru } from './lru-cache.js';
import { checkDeclaredRange, normalizeImage } from './normalize.js';
import type { SamplePair, SourceRef } from './pair-sources.js';
import { readImage, readImagePage, type DecodedImage } from './read-image.js';
import { alignSample } from './resample-sample.js';
import { cachedWeightMap } from './weight-map/cache.js';
import type { WeightMapParams } from './weight-map/weight-map.js';

/** A sample ready for tiling: normalised image, class-index label, weight map. */
export interface LoadedSample {
  readonly id: string;
  readonly image: Image;
  readonly label: Image | null;
  readonly weight: Image | null;
}

export interface DatasetOptions {
  readonly dims: 2 | 3;
  readonly data: Pick<DataSpec, 'classMap' | 'ignoreValue' | 'normalize' | 'weightMap' | 'spacing'>;
  /** Directory for computed weight maps (null: compute, do not store). */
  readonly cacheDir: string | null;
  /** Byte budget of decoded samples kept in memory (default 512 MiB). */
  readonly cacheBytes?: number;
}

function sampleBytes(s: LoadedSample): number {
  return s.image.data.byteLength + (s.label?.data.byteLength ?? 0) + (s.weight?.data.byteLength ?? 0);
}

function describe(ref: SourceRef): string {
  return ref.page === null || ref.page === 0 ? ref.path : `${ref.path} (page ${ref.page})`;
}

/**
 * Streaming access to paired samples: each is decoded on demand and kept in an LRU bounded in
 * bytes, so a data set larger than memory is never loaded whole. Decoding errors, image/mask size
 * mismatches and unexpected mask values surface as DataErrors naming the file(s).
 */
export class Dataset {
  private readonly cache: ByteLru<LoadedSample>;

  constructor(
    readonly pairs: readonly SamplePair[],
    private readonly options: DatasetOptions,
  ) {
    this.cache = new ByteLru(options.cacheBytes ?? 512 * 2 ** 20, sampleBytes);
  }

  get size(): number {
    return this.pairs.length;
  }

  /** Bytes of decoded samples currently held. */
  get cachedBytes(): number {
    return this.cache.bytes;
  }

  async load(index: number): Promise<LoadedSample> {
    const pair = this.pairs[index];
    if (pair === undefined)
      throw new Error(`dataset index ${index} out of range 0..${this.pairs.length - 1}`);
    return this.cache.get(pair.id, () => this.decode(pair));
  }

  private async read(ref: SourceRef, role: 'image' | 'mask'): Promise<DecodedImage> {
    const palette = role === 'mask' ? 'index' : 'rgb';
    const img =
      ref.page === null
        ? await readImage(ref.path, { palette })
        : await readImagePage(ref.path, ref.page, { palette });
    const dims = img.shape.length - 1;
    if (dims !== this.options.dims) {
      throw new DataError(
        `${describe(ref)}: ${dims}D ${formatShape(spatialShape(img))}, but the network is ${this.options.dims}D; use ${this.options.dims === 3 ? 'multi-page TIFF volumes' : '2D images or stack pages'}`,
      );
    }
    return img;
  }

  private async decode(pair: SamplePair): Promise<LoadedSample> {
    const { data, cacheDir } = this.options;
    const stored = await this.read(pair.image, 'image');
    // The declared range is about the stored values, before any resampling blends them.
    checkDeclaredRange(stored, data.normalize, describe(pair.image));
    const storedMask = pair.mask === null ? null : await this.read(pair.mask, 'mask');
    const files = { image: describe(pair.image), mask: pair.mask && describe(pair.mask) };
    const { image: raw, mask: rawMask } = alignSample(stored, storedMask, data.spacing, files);
    const image = normalizeImage(raw, data.normalize);
    if (pair.mask === null || rawMask === null) return { id: pair.id, image, label: null, weight: null };
    if (!sameSpatialShape(raw, rawMask)) {
      throw new DataError(
        `size mismatch: image ${describe(pair.image)} is ${formatShape(spatialShape(raw))} but mask ${describe(pair.mask)} is ${formatShape(spatialShape(rawMask))}; they must match`,
      );
    }
    const label = mapMaskToClasses(rawMask, data.classMap, data.ignoreValue, describe(pair.mask));
    const wm = data.weightMap;
    const params: WeightMapParams | null =
      wm === null
        ? null
        : { w0: wm.w0, sigma: wm.sigma, classBalance: wm.classBalance, foreground: wm.foreground };
    const weight = params === null ? null : await cachedWeightMap(label, params, cacheDir);
    return { id: pair.id, image, label, weight };
  }
}

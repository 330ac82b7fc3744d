import { relative } from 'node:path';
import type { DataSpec } from '../../compiler/spec/pipeline-spec.js';
import { DataError } from './data-error.js';
import { countPages, imageStem } from './read-image.js';
import { resolveImagePaths } from './resolve-paths.js';
import { Rng } from './rng.js';

/** One 2D page of a file (page 0 for PNG), or a whole file as a 3D volume (page null). */
export interface SourceRef {
  readonly path: string;
  readonly page: number | null;
}

export interface SamplePair {
  /** Stable, human-readable id: path relative to the spec dir, plus `[page]` for stack slices. */
  readonly id: string;
  readonly image: SourceRef;
  /** null when no masks were given (prediction). */
  readonly mask: SourceRef | null;
}

export interface SourceSets {
  readonly train: readonly SamplePair[];
  readonly validation: readonly SamplePair[];
}

const MASK_AFFIXES = [/[_-](mask|masks|label|labels|seg|gt|annotation)$/i, /^(mask|label|seg|gt)[_-]/i];

function stemOf(path: string): string {
  return imageStem(path);
}

function normalisedStem(stem: string): string {
  return MASK_AFFIXES.reduce((s, re) => s.replace(re, ''), stem).toLowerCase();
}

/** Expand files into refs: 2D nets see every page of a multi-page TIFF as its own sample. */
async function expand(paths: readonly string[], dims: 2 | 3): Promise<SourceRef[]> {
  const refs: SourceRef[] = [];
  for (const path of paths) {
    if (dims === 3) refs.push({ path, page: null });
    else {
      const pages = /\.(tiff?|nii(\.gz)?)$/i.test(path) ? await countPages(path) : 1;
      for (let p = 0; p < pages; p++) refs.push({ path, page: pages > 1 ? p : 0 });
    }
  }
  return refs;
}

function refId(ref: SourceRef, specDir: string, multiPage: boolean): string {
  const rel = relative(specDir, ref.path);
  return multiPage && ref.page !== null ? `${rel}[${ref.page}]` : rel;
}

function listSome(names: readonly string[]): string {
  return names.length <= 5
    ? names.join(', ')
    : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

/**
 * Pair image refs with mask refs. One file on each side (e.g. ISBI's train-volume.tif /
 * train-labels.tif stacks) pairs page by page whatever the names; otherwise by file stem (+ page), ignoring common mask
 * affixes (`_mask`, `_label`, `gt_`, …). Unmatched files on either side are an error naming them.
 */
export async function pairSources(
  imagePaths: readonly string[],
  maskPaths: readonly string[] | null,
  specDir: string,
  dims: 2 | 3,
): Promise<SamplePair[]> {
  const images = await expand(imagePaths, dims);
  const multi = (refs: SourceRef[], path: string): boolean => refs.filter((r) => r.path === path).length > 1;
  const id = (r: SourceRef): string => refId(r, specDir, multi(images, r.path));
  if (maskPaths === null) return images.map((r) => ({ id: id(r), image: r, mask: null }));
  const masks = await expand(maskPaths, dims);
  if (imagePaths.length === 1 && maskPaths.length === 1) {
    if (images.length !== masks.length) {
      throw new DataError(
        `${imagePaths[0]} has ${images.length} pages but ${maskPaths[0]} has ${masks.length}; an image stack and its mask stack need the same number of pages`,
      );
    }
    return images.map((r, i) => ({ id: id(r), image: r, mask: masks[i]! }));
  }
  const key = (r: SourceRef): string => `${normalisedStem(stemOf(r.path))}#${r.page ?? ''}`;
  const maskByKey = new Map<string, SourceRef>();
  for (const m of masks) {
    const k = key(m);
    const other = maskByKey.get(k);
    if (other !== undefined)
      throw new DataError(
        `masks ${other.path} and ${m.path} have the same name; each image needs exactly one mask`,
      );
    maskByKey.set(k, m);
  }
  const pairs: SamplePair[] = [];
  const missing: string[] = [];
  const used = new Set<string>();
  for (const img of images) {
    const k = key(img);
    const mask = maskByKey.get(k);
    if (mask === undefined) missing.push(id(img));
    else {
      if (used.has(k))
        throw new DataError(
          `images share the name '${stemOf(img.path)}' (${img.path}); each mask can belong to one image only`,
        );
      used.add(k);
      pairs.push({ id: id(img), image: img, mask });
    }
  }
  const orphans = masks.filter((m) => !used.has(key(m))).map((m) => refId(m, specDir, multi(masks, m.path)));
  if (missing.length > 0 || orphans.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`no mask for ${listSome(missing)}`);
    if (orphans.length > 0) parts.push(`no image for mask ${listSome(orphans)}`);
    throw new DataError(
      `${parts.join('; ')} — masks pair with images by file name (stem); rename or remove the unmatched files`,
    );
  }
  return pairs;
}

/**
 * Resolve and pair the spec's data sources, then split off validation: explicit validation
 * globs, or a seeded random `fraction` of the pairs (at least one when fraction > 0 and there
 * are two or more pairs). Both lists keep the natural file order.
 */
export async function listSources(
  data: DataSpec,
  specDir: string,
  options: { dims: 2 | 3; seed: number },
): Promise<SourceSets> {
  const imagePaths = await resolveImagePaths(data.images, specDir, 'data.images');
  const maskPaths =
    data.masks.length === 0 ? null : await resolveImagePaths(data.masks, specDir, 'data.masks');
  const pairs = await pairSources(imagePaths, maskPaths, specDir, options.dims);
  const v = data.validation;
  if ('images' in v) {
    const vImages = await resolveImagePaths(v.images, specDir, 'data.validation.images');
    const vMasks =
      v.masks.length === 0 ? null : await resolveImagePaths(v.masks, specDir, 'data.validation.masks');
    const validation = await pairSources(vImages, vMasks, specDir, options.dims);
    const held = new Set(validation.map((p) => `${p.image.path}#${p.image.page}`));
    return { train: pairs.filter((p) => !held.has(`${p.image.path}#${p.image.page}`)), validation };
  }
  let count = Math.round(v.fraction * pairs.length);
  if (v.fraction > 0 && pairs.length >= 2) count = Math.min(Math.max(count, 1), pairs.length - 1);
  const chosen = new Set(
    Array.from(Rng.derive(options.seed, 'validation-split').permutation(pairs.length).subarray(0, count)),
  );
  return {
    train: pairs.filter((_, i) => !chosen.has(i)),
    validation: pairs.filter((_, i) => chosen.has(i)),
  };
}

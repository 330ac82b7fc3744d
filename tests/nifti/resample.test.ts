import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeImage } from '../../src/runtime/data/image.js';
import { readImage, readImagePage } from '../../src/runtime/data/read-image.js';
import { resampleImage, resampledShape, resampleToSpacing } from '../../src/runtime/data/resample.js';
import { alignSample, spacingOf } from '../../src/runtime/data/resample-sample.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'nifti');

describe('resampling between voxel grids', () => {
  it('sizes the grid so the extent stays the same', () => {
    expect(resampledShape([10, 64, 64], [3, 0.5, 0.5], [1.5, 1, 1])).toEqual([20, 32, 32]);
    expect(resampledShape([1, 5, 5], [1, 1, 1], [4, 1, 1])).toEqual([1, 5, 5]);
  });

  it('trilinear keeps a linear ramp linear (voxel centres, align_corners=false)', () => {
    // Along x: value = x index; 8 → 4 voxels: output centre j sits at input 2j + 0.5.
    const image = makeImage(
      [2, 3, 8, 1],
      Float32Array.from({ length: 48 }, (_, i) => i % 8),
    );
    const out = resampleImage(image, [2, 3, 4], 'linear');
    expect(out.shape).toEqual([2, 3, 4, 1]);
    expect(Array.from(out.data.subarray(0, 4))).toEqual([0.5, 2.5, 4.5, 6.5]);
    // Up-sampling along z interpolates between slices.
    const z = makeImage([2, 1, 1, 1], Float32Array.from([0, 4]));
    expect(Array.from(resampleImage(z, [4, 1, 1], 'linear').data)).toEqual([0, 1, 3, 4]);
  });

  it('nearest keeps label values exactly (no blends between classes)', () => {
    const labels = makeImage(
      [4, 4, 4, 1],
      Float32Array.from({ length: 64 }, (_, i) => (i * 7) % 3),
    );
    const out = resampleToSpacing(labels, [1, 1, 1], [0.7, 1.3, 1], 'nearest');
    expect(out.shape).toEqual([6, 3, 4, 1]);
    expect(new Set(out.data)).toEqual(new Set([0, 1, 2]));
  });

  it('multi-channel images resample each channel alone', () => {
    const image = makeImage([2, 2, 2], Float32Array.from([0, 10, 2, 10, 4, 10, 6, 10]));
    const out = resampleImage(image, [1, 1], 'linear');
    expect(Array.from(out.data)).toEqual([3, 10]);
  });
});

describe('image and mask geometry', () => {
  it('a mask whose affine disagrees with its image is one line naming both files', async () => {
    const image = await readImage(join(DIR, 'aniso_int16.nii'));
    const mask = await readImage(join(DIR, 'shifted_labels.nii.gz'));
    expect(() =>
      alignSample(image, mask, undefined, { image: 'aniso_int16.nii', mask: 'shifted_labels.nii.gz' }),
    ).toThrow(
      /^affine mismatch: image aniso_int16\.nii has \[.*\] but mask shifted_labels\.nii\.gz has \[.*\]; they must share one voxel grid/,
    );
  });

  it('a matching pair is resampled to data.spacing: image trilinear, mask nearest', async () => {
    const image = await readImage(join(DIR, 'aniso_int16.nii'));
    const mask = await readImage(join(DIR, 'aniso_labels.nii.gz'));
    // Stored spacing (z, y, x) = (2.5, 0.8, 1.2) on a 4×5×6 grid → 2 mm isotropic-ish.
    const out = alignSample(image, mask, [2, 2, 2], { image: 'i', mask: 'm' });
    expect(out.image.shape).toEqual([5, 2, 4, 1]);
    expect(out.mask!.shape).toEqual([5, 2, 4, 1]);
    expect(new Set(out.mask!.data).size).toBeLessThanOrEqual(3);
  });

  it('2D networks: a slice keeps its in-plane spacing; a volume keeps its z spacing', async () => {
    const slice = await readImagePage(join(DIR, 'aniso_int16.nii'), 2);
    expect(slice.shape).toEqual([5, 6, 1]);
    expect(alignSample(slice, null, [2, 2], { image: 's', mask: null }).image.shape).toEqual([2, 4, 1]);
    const volume = await readImage(join(DIR, 'aniso_int16.nii'));
    const grid = spacingOf(volume, 'v', [2, 2]);
    [2.5, 0.8, 1.2].forEach((v, i) => expect(grid.spacing[i]).toBeCloseTo(v, 6));
    expect(grid.target).toEqual([grid.spacing[0], 2, 2]);
  });

  it('data.spacing on a file without voxel sizes says to convert it', async () => {
    const png = makeImage([4, 4, 1]);
    const decoded = { ...png, bitDepth: 8, float: false };
    expect(() => alignSample(decoded, null, [1, 1], { image: 'a.png', mask: null })).toThrow(
      /^a\.png: data\.spacing needs voxel sizes, which only NIfTI files carry/,
    );
  });
});

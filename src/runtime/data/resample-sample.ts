import { DataError } from './data-error.js';
import type { Image } from './image.js';
import { formatAffine, sameAffine } from './nifti-header.js';
import type { DecodedImage } from './read-png.js';
import { niftiGeometryOf } from './read-nifti.js';
import { resampleToSpacing } from './resample.js';

/** The voxel size of a decoded file in image axis order; only NIfTI files carry one. */
export function spacingOf(image: DecodedImage, file: string, target: readonly number[]): readonly number[] {
  const geometry = niftiGeometryOf(image);
  if (geometry === null)
    throw new DataError(
      `${file}: data.spacing needs voxel sizes, which only NIfTI files carry; convert it to .nii.gz or remove data.spacing`,
    );
  const spatial = image.shape.length - 1;
  const spacing = geometry.spacing.slice(3 - spatial);
  if (target.length !== spatial)
    throw new DataError(
      `${file}: ${spatial}D image but data.spacing has ${target.length} values; give one per spatial axis`,
    );
  return spacing;
}

/**
 * A training pair as the network sees it: the mask's affine checked against the image's (a label
 * map from another scan or another orientation would silently train on misaligned voxels), then
 * both resampled to `data.spacing` when the spec asks — the image trilinearly, the mask by nearest
 * neighbour, so its values stay mask values.
 */
export function alignSample(
  image: DecodedImage,
  mask: DecodedImage | null,
  target: readonly number[] | undefined,
  files: { readonly image: string; readonly mask: string | null },
): { image: DecodedImage; mask: DecodedImage | null } {
  const imageGeometry = niftiGeometryOf(image);
  const maskGeometry = mask === null ? null : niftiGeometryOf(mask);
  if (imageGeometry && maskGeometry && !sameAffine(imageGeometry.affine, maskGeometry.affine)) {
    throw new DataError(
      `affine mismatch: image ${files.image} has ${formatAffine(imageGeometry.affine)} but mask ${files.mask} has ${formatAffine(maskGeometry.affine)}; they must share one voxel grid (resample the mask onto the image)`,
    );
  }
  if (target === undefined) return { image, mask };
  const spacing = spacingOf(image, files.image, target);
  const keep = (from: DecodedImage, to: Image): DecodedImage => ({ ...from, ...to });
  return {
    image: keep(image, resampleToSpacing(image, spacing, target, 'linear')),
    mask: mask === null ? null : keep(mask, resampleToSpacing(mask, spacing, target, 'nearest')),
  };
}

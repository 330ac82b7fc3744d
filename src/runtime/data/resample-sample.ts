import { DataError } from './data-error.js';
import type { Image } from './image.js';
import { formatAffine, sameAffine } from './nifti-header.js';
import type { DecodedImage } from './read-png.js';
import { niftiGeometryOf } from './read-nifti.js';
import { resampleToSpacing } from './resample.js';

/**
 * The voxel size of a decoded file and the target, both in image axis order; only NIfTI files
 * carry one. A 2D network's in-plane target ([y, x]) on a volume keeps the volume's z spacing.
 */
export function spacingOf(
  image: DecodedImage | Image,
  file: string,
  target: readonly number[],
): { spacing: readonly number[]; target: readonly number[] } {
  const geometry = niftiGeometryOf(image);
  if (geometry === null)
    throw new DataError(
      `${file}: data.spacing needs voxel sizes, which only NIfTI files carry; convert it to .nii.gz or remove data.spacing`,
    );
  const spatial = image.shape.length - 1;
  const spacing = geometry.spacing.slice(3 - spatial);
  if (target.length === spatial) return { spacing, target };
  if (spatial === 3 && target.length === 2) return { spacing, target: [spacing[0]!, ...target] };
  throw new DataError(
    `${file}: ${spatial}D image but data.spacing has ${target.length} values; give one per spatial axis`,
  );
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
  const grid = spacingOf(image, files.image, target);
  const keep = (from: DecodedImage, to: Image): DecodedImage => ({ ...from, ...to });
  return {
    image: keep(image, resampleToSpacing(image, grid.spacing, grid.target, 'linear')),
    mask: mask === null ? null : keep(mask, resampleToSpacing(mask, grid.spacing, grid.target, 'nearest')),
  };
}

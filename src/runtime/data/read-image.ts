import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { DataError, reasonOf } from './data-error.js';
import { checkDeclaredPixels, checkImageFile } from './image-limits.js';
import { decodePngBytes, type DecodedImage, type PngReadOptions } from './read-png.js';
import { decodeNiftiBytes, isNiftiPath } from './read-nifti.js';
import { decodeTiffPage, tiffPageSize, tiffPages } from './read-tiff.js';

export type { DecodedImage } from './read-png.js';

/** File extensions the readers understand (lower case, with dot). */
export const IMAGE_EXTENSIONS = ['.png', '.tif', '.tiff', '.nii', '.nii.gz'] as const;

/** A file's name without its image extension (`.nii.gz` counts as one): `a/case_01.nii.gz` → `case_01`. */
export function imageStem(path: string): string {
  const name = basename(path);
  const ext = IMAGE_EXTENSIONS.find((e) => name.toLowerCase().endsWith(e) && e !== '.nii');
  return ext ? name.slice(0, -ext.length) : basename(path, extname(path));
}

export function isImagePath(path: string): boolean {
  const lower = path.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

async function readBytes(path: string): Promise<Uint8Array> {
  await checkImageFile(path);
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : reasonOf(error);
    throw new DataError(`${path}: cannot read (${why}); check the path in the spec's data section`);
  }
}

function isTiff(bytes: Uint8Array): boolean {
  return (bytes[0] === 0x49 && bytes[1] === 0x49) || (bytes[0] === 0x4d && bytes[1] === 0x4d);
}

function stackPages(pages: DecodedImage[], path: string): DecodedImage {
  const first = pages[0]!;
  const [h, w, c] = first.shape as [number, number, number];
  pages.forEach((p, i) => {
    if (p.shape[0] !== h || p.shape[1] !== w || p.shape[2] !== c) {
      throw new DataError(
        `${path}: page ${i} is ${p.shape.join('×')}, page 0 is ${h}×${w}×${c}; a 3D stack needs equal pages`,
      );
    }
  });
  const data = new Float32Array(pages.length * h * w * c);
  pages.forEach((p, i) => data.set(p.data, i * h * w * c));
  return { shape: [pages.length, h, w, c], data, bitDepth: first.bitDepth, float: first.float };
}

/** One z slice of a NIfTI volume, for 2D networks (a 2D NIfTI is its own page 0). */
function niftiSlice(volume: DecodedImage, page: number, path: string): DecodedImage {
  if (volume.shape.length === 3 && page === 0) return volume;
  const [d, h, w, c] = volume.shape as [number, number, number, number];
  if (volume.shape.length !== 4 || page < 0 || page >= d)
    throw new DataError(`${path}: has ${volume.shape.length === 4 ? d : 1} slices; slice ${page} requested`);
  const size = h * w * c;
  const data = volume.data.slice(page * size, (page + 1) * size);
  // The slice keeps the volume's geometry: data.spacing resamples it in-plane.
  return { ...volume, shape: [h, w, c], data };
}

/**
 * Read a PNG or TIFF file as stored (no normalisation). A single page gives `[H, W, C]`; a
 * multi-page TIFF gives the 3D volume `[D, H, W, C]` (use `readImagePage` for one slice).
 * Errors are `DataError`s naming the file.
 */
export async function readImage(path: string, options: PngReadOptions = {}): Promise<DecodedImage> {
  const bytes = await readBytes(path);
  if (isNiftiPath(path)) return decodeNiftiBytes(bytes, path);
  if (!isTiff(bytes)) return decodePngBytes(bytes, path, options);
  const pages = tiffPages(bytes, path);
  if (pages.length > 1) checkDeclaredPixels(path, [pages.length, ...tiffPageSize(pages[0]!)]);
  const decoded = pages.map((_, i) => decodeTiffPage(bytes, pages, i, path));
  return decoded.length === 1 ? decoded[0]! : stackPages(decoded, path);
}

/** One 2D page of a (possibly multi-page) file; PNGs have the single page 0. */
export async function readImagePage(
  path: string,
  page: number,
  options: PngReadOptions = {},
): Promise<DecodedImage> {
  const bytes = await readBytes(path);
  if (isNiftiPath(path)) return niftiSlice(decodeNiftiBytes(bytes, path), page, path);
  if (!isTiff(bytes)) {
    if (page !== 0) throw new DataError(`${path}: a PNG has one page; page ${page} requested`);
    return decodePngBytes(bytes, path, options);
  }
  return decodeTiffPage(bytes, tiffPages(bytes, path), page, path);
}

/** How many 2D pages a file holds (1 for PNG), reading only the TIFF directory. */
export async function countPages(path: string): Promise<number> {
  const bytes = await readBytes(path);
  if (isNiftiPath(path)) {
    const volume = decodeNiftiBytes(bytes, path);
    return volume.shape.length === 4 ? volume.shape[0]! : 1;
  }
  if (!isTiff(bytes)) return 1;
  return tiffPages(bytes, path).length;
}

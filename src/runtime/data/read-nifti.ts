import { gunzipSync } from 'node:zlib';
import { maxImageBytes } from './image-limits.js';
import { DataError, reasonOf } from './data-error.js';
import {
  NIFTI_TYPES,
  isNiftiHeader,
  niftiTypeName,
  parseNiftiHeader,
  type Affine,
  type NiftiHeader,
  type NiftiTypeCode,
} from './nifti-header.js';
import type { DecodedImage } from './read-png.js';

/** Where a volume sits in the world: what predictions and resampling need from the source file. */
export interface NiftiGeometry {
  readonly header: NiftiHeader;
  /** The file's header and extensions (bytes before vox_offset), reused when writing a prediction. */
  readonly headerBytes: Uint8Array;
  /** Voxel size in the image's axis order (z, y, x), usually millimetres. */
  readonly spacing: readonly [number, number, number];
  readonly affine: Affine;
}

/** A decoded NIfTI volume: `[Z, Y, X, 1]` (x fastest, as stored) plus its geometry. */
export interface NiftiImage extends DecodedImage {
  readonly nifti: NiftiGeometry;
}

export function isNiftiPath(path: string): boolean {
  return /\.nii(\.gz)?$/i.test(path);
}

export function niftiGeometryOf(image: object): NiftiGeometry | null {
  return 'nifti' in image ? (image as NiftiImage).nifti : null;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function uncompressed(bytes: Uint8Array, file: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const limit = maxImageBytes();
  try {
    // Bounded like any image file: a small .nii.gz must not inflate without limit.
    return new Uint8Array(gunzipSync(bytes, { maxOutputLength: limit }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new DataError(
        `${file} inflates to more than ${limit.toLocaleString('en-US')} bytes, the image limit; raise UNETC_MAX_IMAGE_BYTES if the machine has the memory`,
      );
    throw new DataError(`${file}: truncated or corrupt .nii.gz (${reasonOf(error)}); re-export the file`);
  }
}

function sample(view: DataView, type: NiftiTypeCode, at: number, le: boolean): number {
  switch (type) {
    case 2:
      return view.getUint8(at);
    case 4:
      return view.getInt16(at, le);
    case 8:
      return view.getInt32(at, le);
    case 16:
      return view.getFloat32(at, le);
    case 64:
      return view.getFloat64(at, le);
  }
}

/**
 * Decode a single-file NIfTI-1 or NIfTI-2 volume (`.nii`, or gzipped `.nii.gz`) with scl_slope and
 * scl_inter applied. A 3D volume gives `[Z, Y, X, 1]`; a single-slice volume (Z = 1) gives the 2D
 * image `[Y, X, 1]`. Time series, unsupported types and short files are one-line DataErrors.
 */
export function decodeNiftiBytes(fileBytes: Uint8Array, file: string): NiftiImage {
  const bytes = uncompressed(fileBytes, file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  if (!isNiftiHeader(buffer))
    throw new DataError(`${file}: not a NIfTI-1/NIfTI-2 file (bad header); re-export it as .nii or .nii.gz`);
  const header = parseNiftiHeader(buffer);
  const rank = header.dims[0]!;
  const [nx, ny, nz] = [1, 2, 3].map((i) => (rank >= i ? Math.max(1, header.dims[i]!) : 1)) as [
    number,
    number,
    number,
  ];
  const extra = header.dims.slice(4, Math.max(4, rank + 1)).reduce((p, v) => p * Math.max(1, v), 1);
  if (extra > 1) {
    throw new DataError(
      `${file}: ${rank}D image (${header.dims.slice(1, rank + 1).join('×')}) but a 3D volume is expected; split it into one 3D file per volume`,
    );
  }
  if (!(header.datatype in NIFTI_TYPES)) {
    throw new DataError(
      `${file}: NIfTI data type ${niftiTypeName(header.datatype)} is unsupported; save it as uint8, int16, int32, float32 or float64`,
    );
  }
  const type = header.datatype as NiftiTypeCode;
  const size = NIFTI_TYPES[type].bytes;
  const n = nx * ny * nz;
  const end = header.voxOffset + n * size;
  if (header.voxOffset < (header.version === 2 ? 540 : 348) || end > bytes.length) {
    throw new DataError(
      `${file}: truncated NIfTI (voxel data needs bytes ${header.voxOffset}–${end}, file has ${bytes.length}); re-export the file`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.voxOffset, n * size);
  // scl_slope 0 (or NaN) means "no scaling", intercept included: the standard's rule, as nibabel reads it.
  const unscaled = header.sclSlope === 0 || !Number.isFinite(header.sclSlope);
  const slope = unscaled ? 1 : header.sclSlope;
  const inter = unscaled || !Number.isFinite(header.sclInter) ? 0 : header.sclInter;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = sample(view, type, i * size, header.littleEndian) * slope + inter;
  const scaled = slope !== 1 || inter !== 0;
  const [sx, sy, sz] = header.zooms;
  return {
    shape: nz === 1 && rank <= 2 ? [ny, nx, 1] : [nz, ny, nx, 1],
    data,
    bitDepth: size * 8,
    float: type === 16 || type === 64 || scaled,
    nifti: {
      header,
      headerBytes: bytes.slice(0, header.voxOffset),
      spacing: [sz, sy, sx],
      affine: header.affine,
    },
  };
}

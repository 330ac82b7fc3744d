import { NIFTI1, NIFTI2, isNIFTI1, isNIFTI2, readHeader } from 'nifti-reader-js';

/** A 4×4 voxel-to-world matrix, row-major (NIfTI's srow_x/y/z plus 0 0 0 1). */
export type Affine = readonly (readonly number[])[];

/** NIfTI data type codes unetc reads and writes (others are refused with their name). */
export const NIFTI_TYPES = {
  2: { name: 'uint8', bytes: 1 },
  4: { name: 'int16', bytes: 2 },
  8: { name: 'int32', bytes: 4 },
  16: { name: 'float32', bytes: 4 },
  64: { name: 'float64', bytes: 8 },
} as const;

export type NiftiTypeCode = keyof typeof NIFTI_TYPES;

const OTHER_TYPE_NAMES: Record<number, string> = {
  1: 'binary',
  32: 'complex64',
  128: 'RGB24',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  1792: 'complex128',
  2304: 'RGBA32',
};

export function niftiTypeName(code: number): string {
  return code in NIFTI_TYPES
    ? NIFTI_TYPES[code as NiftiTypeCode].name
    : (OTHER_TYPE_NAMES[code] ?? `type ${code}`);
}

/** What a reader needs from a header, whichever version wrote it. */
export interface NiftiHeader {
  readonly version: 1 | 2;
  readonly littleEndian: boolean;
  /** NIfTI's dim[0..7]. */
  readonly dims: readonly number[];
  readonly datatype: number;
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  /** Voxel size per spatial axis in file order (x, y, z): |pixdim[1..3]|. */
  readonly zooms: readonly [number, number, number];
  /** The affine nibabel's `get_best_affine` picks: sform, else qform, else a centred diagonal. */
  readonly affine: Affine;
}

/**
 * qform (quaternion + offsets + pixdim) → affine, as nifti1_io's quatern_to_mat44. Done here
 * rather than taken from nifti-reader-js, which prefers qform over sform (nibabel and most tools
 * prefer sform) and ignores qform in NIfTI-2 headers.
 */
function qformAffine(h: NIFTI1 | NIFTI2): number[][] {
  let [b, c, d] = [h.quatern_b, h.quatern_c, h.quatern_d];
  // As nibabel's fillpositive: a tiny positive a² from float32 rounding is kept (nifti1_io would
  // zero it), so both read the same matrix; a clearly negative one is renormalised.
  let a = 1 - (b * b + c * c + d * d);
  if (a < -1e-6) {
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    [a, b, c, d] = [0, b * s, c * s, d * s];
  } else a = Math.sqrt(Math.max(0, a));
  const zoom = (i: number): number => (h.pixDims[i]! > 0 ? h.pixDims[i]! : 1);
  const [xd, yd] = [zoom(1), zoom(2)];
  const zd = h.pixDims[0]! < 0 ? -zoom(3) : zoom(3);
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const offsets = [h.qoffset_x, h.qoffset_y, h.qoffset_z];
  return [...r.map((row, i) => [row[0]! * xd, row[1]! * yd, row[2]! * zd, offsets[i]!]), [0, 0, 0, 1]];
}

/** nibabel's fallback without sform or qform: voxel sizes on the diagonal, x flipped, centred. */
function baseAffine(dims: readonly number[], zooms: readonly number[]): number[][] {
  const origin = [0, 1, 2].map((i) => ((dims[i + 1] ?? 1) - 1) / 2);
  return [
    [-zooms[0]!, 0, 0, origin[0]! * zooms[0]!],
    [0, zooms[1]!, 0, -origin[1]! * zooms[1]!],
    [0, 0, zooms[2]!, -origin[2]! * zooms[2]!],
    [0, 0, 0, 1],
  ];
}

/** The sform rows as stored; nifti-reader-js reads them into `affine` for both versions. */
function sformAffine(h: NIFTI1 | NIFTI2, bytes: ArrayBuffer): number[][] {
  const view = new DataView(bytes);
  const rows: number[][] = [];
  for (let r = 0; r < 3; r++) {
    const row: number[] = [];
    for (let c = 0; c < 4; c++) {
      row.push(
        h instanceof NIFTI2
          ? view.getFloat64(400 + (r * 4 + c) * 8, h.littleEndian)
          : view.getFloat32(280 + (r * 4 + c) * 4, h.littleEndian),
      );
    }
    rows.push(row);
  }
  return [...rows, [0, 0, 0, 1]];
}

/** True when the bytes start with a NIfTI-1 or NIfTI-2 single-file header. */
export function isNiftiHeader(bytes: ArrayBuffer): boolean {
  return bytes.byteLength >= 348 && (isNIFTI1(bytes) || isNIFTI2(bytes));
}

/** Parse the header of uncompressed NIfTI bytes (callers check `isNiftiHeader` first). */
export function parseNiftiHeader(bytes: ArrayBuffer): NiftiHeader {
  const h = readHeader(bytes);
  const dims = h.dims.map(Number);
  const zooms = [1, 2, 3].map((i) => Math.abs(h.pixDims[i] ?? 1) || 1) as [number, number, number];
  const affine =
    h.sform_code > 0 ? sformAffine(h, bytes) : h.qform_code > 0 ? qformAffine(h) : baseAffine(dims, zooms);
  return {
    version: h instanceof NIFTI2 ? 2 : 1,
    littleEndian: h.littleEndian,
    dims,
    datatype: h.datatypeCode,
    voxOffset: Number(h.vox_offset),
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    zooms,
    affine,
  };
}

/** Affines equal to within a small tolerance (rounding in float32 headers). */
export function sameAffine(a: Affine, b: Affine): boolean {
  return a.every((row, r) => row.every((v, c) => Math.abs(v - b[r]![c]!) <= 1e-4 * Math.max(1, Math.abs(v))));
}

export function formatAffine(a: Affine): string {
  return `[${a
    .slice(0, 3)
    .map((row) => row.map((v) => Number(v.toPrecision(4))).join(' '))
    .join('; ')}]`;
}

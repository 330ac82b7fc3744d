import { gzipSync } from 'node:zlib';
import { writeFileAtomicAsync } from '../../common/atomic-write.js';
import { type Image } from './image.js';
import { NIFTI_TYPES, type Affine, type NiftiTypeCode } from './nifti-header.js';
import type { NiftiGeometry } from './read-nifti.js';

export type NiftiDtype = (typeof NIFTI_TYPES)[NiftiTypeCode]['name'];

export interface NiftiWriteOptions {
  /** Stored type; integer types round and clamp. Default float32. */
  readonly dtype?: NiftiDtype;
  /**
   * The source volume's geometry: its header (version, byte order, orientation, units,
   * description, extensions) is kept and only the data description is replaced, so the output
   * lines up with the input in every viewer. The image must be on the template's grid.
   */
  readonly template?: NiftiGeometry;
  /** Without a template: the voxel-to-world affine of a new NIfTI-1 header (default: identity). */
  readonly affine?: Affine;
}

const CODE_OF: Record<NiftiDtype, NiftiTypeCode> = { uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64 };
const RANGE: Partial<Record<NiftiDtype, [number, number]>> = {
  uint8: [0, 255],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};

/** Spatial extents in file order (x, y, z) of `[Z, Y, X, C]` or `[Y, X, C]`. */
function fileDims(image: Image): [number, number, number] {
  const s = image.shape;
  return s.length === 4 ? [s[2]!, s[1]!, s[0]!] : [s[1]!, s[0]!, 1];
}

function freshHeader(image: Image, affine: Affine, code: NiftiTypeCode): Uint8Array {
  const bytes = new Uint8Array(352);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 348, true);
  const dims = fileDims(image);
  view.setInt16(40, 3, true);
  dims.forEach((d, i) => view.setInt16(42 + 2 * i, d, true));
  for (let i = 4; i < 8; i++) view.setInt16(40 + 2 * i, 1, true);
  view.setInt16(70, code, true);
  view.setInt16(72, NIFTI_TYPES[code].bytes * 8, true);
  view.setFloat32(76, 1, true); // qfac
  view.setFloat32(112, 1, true); // scl_slope: values stored as they are
  for (let c = 0; c < 3; c++) {
    const norm = Math.hypot(affine[0]![c]!, affine[1]![c]!, affine[2]![c]!);
    view.setFloat32(80 + 4 * c, norm || 1, true);
  }
  view.setFloat32(108, 352, true);
  view.setUint8(123, 2); // xyzt_units: millimetres
  view.setInt16(254, 2, true); // sform_code: aligned, as nibabel writes a new image
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) view.setFloat32(280 + (r * 4 + c) * 4, affine[r]![c]!, true);
  bytes.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  return bytes;
}

/** Copy of the template's header with the data description set for `image` as `code`. */
function templateHeader(image: Image, template: NiftiGeometry, code: NiftiTypeCode): Uint8Array {
  const bytes = template.headerBytes.slice();
  const view = new DataView(bytes.buffer);
  const le = template.header.littleEndian;
  const bits = NIFTI_TYPES[code].bytes * 8;
  const rank = Math.min(3, template.header.dims[0]!);
  const dims = [rank, ...fileDims(image), 1, 1, 1, 1];
  if (template.header.version === 1) {
    dims.forEach((d, i) => view.setInt16(40 + 2 * i, d, le));
    view.setInt16(68, 0, le); // intent_code: a label map or probability is not the input's intent
    view.setInt16(70, code, le);
    view.setInt16(72, bits, le);
    view.setFloat32(112, 1, le);
    view.setFloat32(116, 0, le);
    view.setFloat32(124, 0, le);
    view.setFloat32(128, 0, le);
  } else {
    view.setInt16(12, code, le);
    view.setInt16(14, bits, le);
    dims.forEach((d, i) => view.setBigInt64(16 + 8 * i, BigInt(d), le));
    for (const at of [176, 184, 192, 200]) view.setFloat64(at, at === 176 ? 1 : 0, le);
    view.setInt32(504, 0, le);
  }
  return bytes;
}

/** Encode `[Z, Y, X, 1]` (or `[Y, X, 1]`) as single-file NIfTI bytes, uncompressed. */
export function encodeNifti(image: Image, options: NiftiWriteOptions = {}): Uint8Array {
  if (image.shape[image.shape.length - 1] !== 1)
    throw new Error(`NIfTI output takes one channel; got shape [${image.shape.join(',')}]`);
  const dtype = options.dtype ?? 'float32';
  const code = CODE_OF[dtype];
  const identity: Affine = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => (r === c ? 1 : 0)));
  const header = options.template
    ? templateHeader(image, options.template, code)
    : freshHeader(image, options.affine ?? identity, code);
  const le = options.template?.header.littleEndian ?? true;
  const size = NIFTI_TYPES[code].bytes;
  const out = new Uint8Array(header.length + image.data.length * size);
  out.set(header);
  const view = new DataView(out.buffer, header.length);
  const range = RANGE[dtype];
  image.data.forEach((v, i) => {
    const at = i * size;
    if (range === undefined) {
      if (dtype === 'float64') view.setFloat64(at, v, le);
      else view.setFloat32(at, v, le);
      return;
    }
    const r = Math.min(range[1], Math.max(range[0], Math.round(v)));
    if (dtype === 'uint8') view.setUint8(at, r);
    else if (dtype === 'int16') view.setInt16(at, r, le);
    else view.setInt32(at, r, le);
  });
  return out;
}

/** Write `.nii` or (by the name) gzipped `.nii.gz`, atomically. */
export async function writeNifti(path: string, image: Image, options: NiftiWriteOptions = {}): Promise<void> {
  const bytes = encodeNifti(image, options);
  await writeFileAtomicAsync(path, /\.gz$/i.test(path) ? gzipSync(bytes) : bytes, { mkdirs: true });
}

/**
 * The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian
 * header length, a JSON header {name: {dtype, shape, data_offsets}, __metadata__: {…}} and the
 * raw little-endian tensor bytes. Hand-written because it is tiny and no maintained npm package
 * writes it (the published ones only read, or wrap the Rust library natively); PyTorch reads it
 * with the `safetensors` package or the numpy fallback in the generated weights.py.
 */

export interface NamedTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function float32Bytes(data: Float32Array): Uint8Array {
  if (littleEndian) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = Buffer.alloc(data.length * 4);
  data.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}

/** Float32 tensors (sorted by name, as PyTorch's writer does) and string metadata → file bytes. */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, NamedTensor>,
  metadata: Readonly<Record<string, string>> = {},
): Buffer {
  const names = [...tensors.keys()].sort();
  const header: Record<string, HeaderEntry | Record<string, string>> = { __metadata__: { ...metadata } };
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = JSON.stringify(header);
  // The data starts 8-byte aligned: pad the header with spaces, as the reference writer does.
  const headerBytes = Buffer.from(json + ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.length));
  return Buffer.concat([prefix, headerBytes, ...names.map((n) => float32Bytes(tensors.get(n)!.data))]);
}

function decodeFloats(bytes: Buffer, dtype: string, count: number): Float32Array | null {
  const out = new Float32Array(count);
  if (dtype === 'F32') {
    if (littleEndian) new Uint8Array(out.buffer).set(bytes);
    else for (let i = 0; i < count; i++) out[i] = bytes.readFloatLE(i * 4);
    return out;
  }
  if (dtype === 'F64') {
    for (let i = 0; i < count; i++) out[i] = bytes.readDoubleLE(i * 8);
    return out;
  }
  return null;
}

const BYTES: Readonly<Record<string, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/**
 * The float tensors of a safetensors file by name (F32 exactly; F64 rounded to float32). Integer
 * tensors — batch norm's `num_batches_tracked` — carry nothing unetc keeps and are skipped; a
 * half-precision one is an error (save float32 weights). `file` names the source in messages.
 */
export function decodeSafetensors(bytes: Buffer, file: string): Map<string, NamedTensor> {
  const bad = (why: string) => new Error(`${file} is not a safetensors file (${why})`);
  if (bytes.length < 8) throw bad('shorter than its 8-byte header length');
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (8 + headerLength > bytes.length) throw bad('header longer than the file');
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw bad('header is not JSON');
  }
  const body = bytes.subarray(8 + headerLength);
  const tensors = new Map<string, NamedTensor>();
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = value as HeaderEntry;
    const size = BYTES[entry.dtype];
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const [begin, end] = entry.data_offsets;
    if (size === undefined || end - begin !== count * size || end > body.length)
      throw bad(`tensor '${name}' has a bad dtype or extent`);
    if (entry.dtype.startsWith('I') || entry.dtype.startsWith('U') || entry.dtype === 'BOOL') continue;
    const data = decodeFloats(body.subarray(begin, end), entry.dtype, count);
    if (!data) throw new Error(`${file}: tensor '${name}' is ${entry.dtype}; save the weights as float32`);
    tensors.set(name, { shape: entry.shape, data });
  }
  return tensors;
}

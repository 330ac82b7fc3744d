import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { writeFileAtomicAsync } from '../../common/atomic-write.js';
import { decodePngBytes } from '../data/read-png.js';
import type { Image } from '../data/image.js';

/**
 * Validation samples a training run keeps for its report, in `<run>/val-samples/`:
 *
 *   <name>.image.png   the input as the network saw it (8-bit, min–max stretched), cropped to the
 *                      output region so it lines up with the masks (valid padding crops)
 *   <name>.truth.png   ground truth as class indices 0…K−1 (8-bit gray; ignored pixels 255)
 *   <name>.pred.png    the latest validation prediction, class indices
 *
 * The trainer calls `writeValidationSample` at each validation (overwriting), so the report shows
 * the newest predictions. 2D only; for 3D volumes pass the middle slice.
 */
export const VAL_SAMPLES_DIR = 'val-samples';

export interface ValidationSample {
  /** Input intensities [H, W, C] (any range; stretched to 0–255), C = 1 or 3. */
  readonly image: Image;
  /** Class indices [H, W, 1] (−1 = ignore). */
  readonly truth?: Image;
  readonly predicted: Image;
}

function toByteImage(image: Image): { data: Uint8Array; channels: number } {
  const channels = image.shape[image.shape.length - 1] ?? 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of image.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const keep = channels >= 3 ? 3 : 1;
  const n = image.data.length / channels;
  const data = new Uint8Array(n * keep);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < keep; c++)
      data[i * keep + c] = Math.round((image.data[i * channels + c]! - lo) * scale);
  return { data, channels: keep };
}

function classBytes(image: Image): Uint8Array {
  return Uint8Array.from(image.data, (v) => (v < 0 ? 255 : Math.min(254, Math.round(v))));
}

/** Write one sample's three PNGs (atomically). `name` must be a plain file stem. */
export async function writeValidationSample(
  runDir: string,
  name: string,
  sample: ValidationSample,
): Promise<void> {
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw new Error(`validation sample name '${name}' must be a plain file stem`);
  const dir = join(runDir, VAL_SAMPLES_DIR);
  await mkdir(dir, { recursive: true });
  const [height, width] = sample.predicted.shape as [number, number];
  const image = toByteImage(sample.image);
  await writeFileAtomicAsync(
    join(dir, `${name}.image.png`),
    encode({ width, height, data: image.data, channels: image.channels, depth: 8 }),
  );
  if (sample.truth) {
    await writeFileAtomicAsync(
      join(dir, `${name}.truth.png`),
      encode({ width, height, data: classBytes(sample.truth), channels: 1, depth: 8 }),
    );
  }
  await writeFileAtomicAsync(
    join(dir, `${name}.pred.png`),
    encode({ width, height, data: classBytes(sample.predicted), channels: 1, depth: 8 }),
  );
}

export interface SampleFiles {
  readonly name: string;
  readonly image: string;
  readonly truth?: string;
  readonly pred?: string;
}

/** The samples present in a run directory, sorted by name (missing directory → none). */
export async function listValidationSamples(runDir: string): Promise<SampleFiles[]> {
  const dir = join(runDir, VAL_SAMPLES_DIR);
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return [];
  }
  const names = [
    ...new Set(files.filter((f) => f.endsWith('.image.png')).map((f) => f.slice(0, -'.image.png'.length))),
  ].sort();
  return names.map((name) => ({
    name,
    image: join(dir, `${name}.image.png`),
    ...(files.includes(`${name}.truth.png`) ? { truth: join(dir, `${name}.truth.png`) } : {}),
    ...(files.includes(`${name}.pred.png`) ? { pred: join(dir, `${name}.pred.png`) } : {}),
  }));
}

/** Class colours for overlays: class 0 (background) transparent, then a qualitative palette. */
export const classColors: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [255, 64, 64],
  [64, 160, 255],
  [255, 200, 0],
  [60, 200, 90],
  [200, 90, 255],
  [0, 210, 210],
  [255, 128, 0],
];

/** Longest side of an image in the report; larger samples are box-filtered down (keeps the file small). */
export const maxSampleSide = 384;

/**
 * The image (gray or RGB) with class pixels tinted (α = 0.45), or plain when `classesPath` is null —
 * class 0 is left as is, since in two-class masks it is the background (ISBI: membrane 0, cell 1 →
 * cells tinted red). Downscaled by an integer factor to at most `maxSampleSide` pixels per side.
 */
export async function overlayPng(imagePath: string, classesPath: string | null): Promise<Uint8Array> {
  const image = decodePngBytes(new Uint8Array(await readFile(imagePath)), imagePath);
  const classes = classesPath
    ? decodePngBytes(new Uint8Array(await readFile(classesPath)), classesPath, { palette: 'index' })
    : null;
  const [height, width, channels] = image.shape as [number, number, number];
  if (classes && (classes.shape[0] !== height || classes.shape[1] !== width)) {
    throw new Error(
      `${classesPath} is ${classes.shape[0]}×${classes.shape[1]}, ${imagePath} is ${height}×${width}`,
    );
  }
  const max = 2 ** image.bitDepth - 1;
  const full = new Float32Array(height * width * 3);
  const alpha = 0.45;
  for (let i = 0; i < height * width; i++) {
    const k = classes ? classes.data[i * classes.shape[2]!]! : 0;
    for (let c = 0; c < 3; c++) {
      const v = (image.data[i * channels + (channels >= 3 ? c : 0)]! / max) * 255;
      const color = k > 0 && k < 255 ? classColors[((k - 1) % (classColors.length - 1)) + 1]![c]! : undefined;
      full[i * 3 + c] = color === undefined ? v : (1 - alpha) * v + alpha * color;
    }
  }
  const f = Math.max(1, Math.ceil(Math.max(height, width) / maxSampleSide));
  const h = Math.floor(height / f);
  const w = Math.floor(width / f);
  const out = new Uint8Array(h * w * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < f; dy++)
          for (let dx = 0; dx < f; dx++) sum += full[((y * f + dy) * width + x * f + dx) * 3 + c]!;
        out[(y * w + x) * 3 + c] = Math.round(sum / (f * f));
      }
    }
  }
  return encode({ width: w, height: h, data: out, channels: 3, depth: 8 });
}

export function pngDataUri(bytes: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
}

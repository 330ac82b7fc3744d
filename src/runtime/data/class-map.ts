import type { DataSpec } from '../../compiler/spec/pipeline-spec.js';
import { DataError } from './data-error.js';
import { channelsOf, makeImage, spatialShape, type Image } from './image.js';

/** Class index given to pixels with the spec's ignore value (loss and metrics skip them). */
export const IGNORE_CLASS = -1;

/**
 * Reduce a decoded mask to one channel: gray stays; RGB(A) masks whose colour channels are equal
 * (a gray mask saved as colour) use the first channel. Genuinely colour masks are rejected,
 * naming the file and pixel, because guessing a colour → class mapping would silently mislabel.
 */
export function maskChannel(mask: Image, file: string): Image {
  const c = channelsOf(mask);
  if (c === 1) return mask;
  const colour = c === 2 || c === 4 ? c - 1 : c; // drop alpha
  const n = mask.data.length / c;
  const out = makeImage([...spatialShape(mask), 1]);
  for (let i = 0; i < n; i++) {
    const v = mask.data[i * c]!;
    for (let k = 1; k < colour; k++) {
      if (mask.data[i * c + k] !== v) {
        throw new DataError(
          `${file}: colour mask (pixel ${i} has different channel values); save masks as single-channel gray or palette-index PNG/TIFF`,
        );
      }
    }
    out.data[i] = v;
  }
  return out;
}

/**
 * Map raw mask values to class indices as the spec's classMap says; the ignore value maps to
 * IGNORE_CLASS. Any other value is an error naming the file, the values found and how often.
 * An empty classMap means "values are already class indices" (non-negative integers).
 */
export function mapMaskToClasses(
  mask: Image,
  classMap: DataSpec['classMap'],
  ignoreValue: number | null,
  file: string,
): Image {
  const gray = maskChannel(mask, file);
  const table = new Map<number, number>(classMap.map((e) => [e.value, e.classIndex]));
  if (ignoreValue !== null) table.set(ignoreValue, IGNORE_CLASS);
  const out = makeImage(gray.shape);
  const unexpected = new Map<number, number>();
  const src = gray.data;
  // Masks hold few distinct values: remember the last lookup instead of hashing every pixel.
  let lastValue = NaN;
  let lastClass = 0;
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (v !== lastValue) {
      const mapped = classMap.length === 0 ? (Number.isInteger(v) && v >= 0 ? v : undefined) : table.get(v);
      if (mapped === undefined) {
        unexpected.set(v, (unexpected.get(v) ?? 0) + 1);
        continue;
      }
      lastValue = v;
      lastClass = mapped;
    }
    out.data[i] = lastClass;
  }
  if (ignoreValue !== null && classMap.length === 0) {
    for (let i = 0; i < src.length; i++) if (src[i] === ignoreValue) out.data[i] = IGNORE_CLASS;
  }
  if (unexpected.size > 0) {
    const found = [...unexpected.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([v, n]) => `${v} (${n} px)`)
      .join(', ');
    const allowed = classMap.length === 0 ? 'non-negative integers' : [...table.keys()].join(', ');
    throw new DataError(
      `${file}: unexpected mask values ${found}; the spec's class map allows ${allowed} — add them to data.classes or fix the mask`,
    );
  }
  return out;
}

import { encode } from 'fast-png';
import type { ValidationSample } from '../report/val-samples.js';

/** Class colours for overlays (class 1 first); class 0 and ignored pixels stay untinted. */
const PALETTE: readonly (readonly [number, number, number])[] = [
  [230, 25, 75],
  [60, 180, 75],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
  [210, 245, 60],
];

function grayOf(sample: ValidationSample): Uint8Array {
  const { image } = sample;
  const channels = image.shape[image.shape.length - 1] ?? 1;
  const n = image.data.length / channels;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of image.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const gray = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < Math.min(channels, 3); c++) sum += image.data[i * channels + c]!;
    gray[i] = Math.round((sum / Math.min(channels, 3) - lo) * scale);
  }
  return gray;
}

/**
 * One validation sample as an RGB PNG of three panels side by side: the input, the input with the
 * truth tinted, the input with the prediction tinted (half-transparent class colours).
 */
export function overlayPng(sample: ValidationSample): { png: Uint8Array; width: number; height: number } {
  const [height, width] = sample.predicted.shape as [number, number];
  const gray = grayOf(sample);
  const panels = [null, sample.truth ?? null, sample.predicted];
  const out = new Uint8Array(height * width * 3 * 3);
  panels.forEach((labels, p) => {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const at = ((y * width * 3 + p * width + x) * 3) | 0;
        const g = gray[i]!;
        const k = labels === null ? 0 : Math.round(labels.data[i]!);
        const colour = k > 0 ? PALETTE[(k - 1) % PALETTE.length]! : null;
        for (let c = 0; c < 3; c++) out[at + c] = colour ? Math.round(g * 0.5 + colour[c]! * 0.5) : g;
      }
    }
  });
  return {
    png: encode({ width: width * 3, height, data: out, channels: 3, depth: 8 }),
    width: width * 3,
    height,
  };
}

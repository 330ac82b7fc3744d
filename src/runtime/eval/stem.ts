import { imageStem } from '../data/read-image.js';

/** A file's name without its extension: `a/b/slice 01.tif` → `slice 01`. */
export function stemOfPath(file: string): string {
  return imageStem(file);
}

const PROBABILITY_STEM = /^(.*)\.prob-([^.]*)$/;

/**
 * `7.prob-cell.png` → { stem: '7', className: 'cell' } (the probability maps `unetc predict
 * --probabilities` writes next to the label maps); null for any other file.
 */
export function probabilityMapName(file: string): { stem: string; className: string } | null {
  const match = PROBABILITY_STEM.exec(stemOfPath(file));
  return match ? { stem: match[1]!, className: match[2]! } : null;
}

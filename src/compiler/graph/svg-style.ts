import type { ArrowKind } from './visual-model.js';

/** Arrow colours follow the paper's Figure 1 (blue conv, grey copy, red pool, green up-conv, teal 1×1). */
export const arrowColors: Record<ArrowKind, string> = {
  conv: '#1f5fa8',
  pool: '#c0392b',
  down: '#c0392b',
  up: '#2e9d4a',
  copy: '#808080',
  head: '#139c91',
  gate: '#e67e22',
  merge: '#8e44ad',
};

/**
 * Stroke dashes: strided convs dashed (as before); a resampling that scales axes differently
 * (1×2×2 next to 2×2×2) dotted, so the two read apart in the figure and the legend.
 */
export function arrowDash(kind: ArrowKind, anisotropic: boolean): string {
  if (anisotropic) return kind === 'down' ? ' stroke-dasharray="5 2 1 2"' : ' stroke-dasharray="2 2"';
  return kind === 'down' ? ' stroke-dasharray="5 3"' : '';
}

export const font = 'Helvetica, Arial, sans-serif';
export const gateRadius = 12;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Coordinates with one decimal: small files, no visible rounding. */
export const fmt = (v: number): string => (Math.round(v * 10) / 10).toString();

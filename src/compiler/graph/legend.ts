import { arrowColors, arrowDash, escapeXml } from './svg-style.js';
import type { ArrowKind, VisualArrow } from './visual-model.js';

/** Legend (and arrow-marker) order: the paper's legend first, then the variants' extras. */
export const legendOrder: readonly ArrowKind[] = [
  'conv',
  'copy',
  'pool',
  'down',
  'up',
  'gate',
  'merge',
  'head',
];

/** An arrowhead per kind, in its colour. */
export function marker(kind: ArrowKind): string {
  return `<marker id="head-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${arrowColors[kind]}"/></marker>`;
}

export interface LegendEntry {
  readonly kind: ArrowKind;
  readonly label: string;
  readonly anisotropic: boolean;
}

/** One entry per (kind, label) present, in legend order. */
export function legendEntries(arrows: readonly VisualArrow[]): LegendEntry[] {
  const seen = new Set<string>();
  const entries: LegendEntry[] = [];
  for (const kind of legendOrder) {
    for (const arrow of arrows) {
      const key = `${kind}|${arrow.label}`;
      if (arrow.kind !== kind || seen.has(key)) continue;
      seen.add(key);
      entries.push({ kind, label: arrow.label, anisotropic: arrow.anisotropic === true });
    }
  }
  return entries;
}

export function renderLegend(entries: readonly LegendEntry[], x: number, y: number): string {
  const rows = entries.map((e, i) => {
    const ly = y + 14 + i * 18;
    const dash = arrowDash(e.kind, e.anisotropic);
    return (
      `<g class="legend-entry" data-kind="${e.kind}"><path d="M${x},${ly} L${x + 36},${ly}" stroke="${arrowColors[e.kind]}" stroke-width="2"${dash} marker-end="url(#head-${e.kind})"/>` +
      `<text x="${x + 46}" y="${ly + 4}" font-size="11">${escapeXml(e.label)}</text></g>`
    );
  });
  return `<g class="legend">${rows.join('')}</g>`;
}

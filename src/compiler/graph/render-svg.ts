import { spatialText } from './describe-ops.js';
import { layoutConstants, type Layout, type Rect } from './layout.js';
import type { ArrowKind, VisualArrow, VisualBox, VisualModel } from './visual-model.js';

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

const legendOrder: readonly ArrowKind[] = ['conv', 'copy', 'pool', 'down', 'up', 'gate', 'merge', 'head'];
const boxFill: Record<VisualBox['kind'], string> = {
  input: '#b9d3ee',
  map: '#8fb8de',
  copy: '#ffffff',
  output: '#9fded6',
};
const font = 'Helvetica, Arial, sans-serif';
const gateRadius = 12;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const fmt = (v: number): string => (Math.round(v * 10) / 10).toString();

/** One SVG document: boxes, labels, arrows, gates and a legend of the arrow kinds present. */
export function renderSvg(model: VisualModel, layout: Layout, subtitle: string): string {
  const legend = legendEntries(model.arrows);
  const legendHeight = legend.length * 18 + 10;
  const legendWidth = 20 + Math.max(120, ...legend.map((e) => 52 + e.label.length * 6.2));
  const width = Math.max(layout.width, legendWidth + 2 * layoutConstants.margin, 360);
  // The paper's legend sits in a corner the U leaves empty; fall back to below the drawing.
  const inside = {
    x: layoutConstants.margin,
    y: layout.height - layoutConstants.margin - legendHeight,
    width: legendWidth,
    height: legendHeight,
  };
  const fits = ![...layout.boxes.values()].some(
    (r) =>
      r.x < inside.x + inside.width &&
      r.x + r.width > inside.x &&
      r.y < inside.y + inside.height &&
      r.y + r.height + layoutConstants.labelBelow > inside.y,
  );
  const legendY = fits ? inside.y : layout.height - 6;
  const height = fits ? layout.height : layout.height + legendHeight;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}" font-family="${font}">`,
    `<title>${escapeXml(model.title)}</title>`,
    `<defs>${legendOrder.map((k) => marker(k)).join('')}</defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text class="title" x="${layoutConstants.margin}" y="${layoutConstants.margin + 6}" font-size="15" font-weight="bold">${escapeXml(model.title)}</text>`,
    `<text class="subtitle" x="${layoutConstants.margin}" y="${layoutConstants.margin + 22}" font-size="11" fill="#555">${escapeXml(subtitle)}</text>`,
  );
  out.push('<g class="arrows">');
  for (const arrow of model.arrows) out.push(renderArrow(arrow, model, layout));
  out.push('</g>', '<g class="boxes">');
  const verticalEnds = verticalArrowEnds(model);
  for (const box of model.boxes)
    out.push(renderBox(box, layout.boxes.get(box.id)!, verticalEnds.has(box.id)));
  out.push('</g>', '<g class="crops">');
  for (const box of model.boxes) out.push(renderCrop(box, model, layout));
  out.push('</g>', '<g class="gates">');
  for (const gate of model.gates) {
    const p = layout.gates.get(gate.id)!;
    out.push(
      `<g class="gate" data-id="${escapeXml(gate.id)}"><circle cx="${fmt(p.x)}" cy="${fmt(p.y)}" r="${gateRadius}" fill="#fde3c8" stroke="${arrowColors.gate}" stroke-width="1.5"/>` +
        `<text x="${fmt(p.x)}" y="${fmt(p.y + 3.5)}" font-size="9" text-anchor="middle" font-weight="bold">AG</text></g>`,
    );
  }
  out.push('</g>');
  out.push(renderLegend(legend, layoutConstants.margin, legendY));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function marker(kind: ArrowKind): string {
  return `<marker id="head-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${arrowColors[kind]}"/></marker>`;
}

/** Boxes whose top edge a vertical arrow touches (pool in, up-conv out): their channel count moves aside. */
function verticalArrowEnds(model: VisualModel): Set<string> {
  const rows = new Map(model.boxes.map((b) => [b.id, b.row]));
  const ids = new Set<string>();
  for (const a of model.arrows) {
    const from = rows.get(a.from);
    const to = rows.get(a.to);
    if (from === undefined || to === undefined || from === to) continue;
    ids.add(from < to ? a.to : a.from);
  }
  return ids;
}

function renderBox(box: VisualBox, r: Rect, arrowOnTop: boolean): string {
  const channels = box.shape[box.shape.length - 1] ?? 0;
  const cx = arrowOnTop ? r.x + r.width * 0.7 + 4 : r.x + r.width / 2;
  const textAnchor = arrowOnTop ? 'start' : 'middle';
  const parts = [
    `<g class="box box-${box.kind}" data-id="${escapeXml(box.id)}" data-level="${box.row}" data-column="${box.column}">`,
    `<rect x="${fmt(r.x)}" y="${fmt(r.y)}" width="${fmt(r.width)}" height="${fmt(r.height)}" fill="${boxFill[box.kind]}" stroke="#2c5d8a" stroke-width="1"/>`,
    `<text class="channels" x="${fmt(cx)}" y="${fmt(r.y - 4)}" font-size="10" text-anchor="${textAnchor}">${channels}</text>`,
    // Sizes read bottom-to-top under the box, like the paper's rotated "572 x 572".
    `<text class="size" x="${fmt(r.x + 8)}" y="${fmt(r.y + r.height + 4)}" font-size="9" fill="#333" text-anchor="end" transform="rotate(-90 ${fmt(r.x + 8)} ${fmt(r.y + r.height + 4)})">${escapeXml(spatialText(box.shape))}</text>`,
    '</g>',
  ];
  return parts.join('');
}

function anchor(id: string, layout: Layout): Rect | undefined {
  const rect = layout.boxes.get(id);
  if (rect) return rect;
  const gate = layout.gates.get(id);
  return gate
    ? { x: gate.x - gateRadius, y: gate.y - gateRadius, width: 2 * gateRadius, height: 2 * gateRadius }
    : undefined;
}

function rowOf(id: string, model: VisualModel): number {
  return model.boxes.find((b) => b.id === id)?.row ?? model.gates.find((g) => g.id === id)?.row ?? 0;
}

function renderArrow(arrow: VisualArrow, model: VisualModel, layout: Layout): string {
  const from = anchor(arrow.from, layout);
  const to = anchor(arrow.to, layout);
  if (!from || !to) return '';
  const fromRow = rowOf(arrow.from, model);
  const toRow = rowOf(arrow.to, model);
  const color = arrowColors[arrow.kind];
  let d: string;
  let noteAt: { x: number; y: number } | undefined;
  if (fromRow === toRow) {
    const cy = from.y + from.height / 2;
    const sx = from.x + from.width;
    const ex = to.x;
    const blocked = [...layout.boxes.entries()].some(
      ([id, r]) =>
        id !== arrow.from &&
        id !== arrow.to &&
        rowOf(id, model) === fromRow &&
        r.x > sx - 1 &&
        r.x + r.width < ex + 1,
    );
    if (blocked) {
      // Dense (U-Net++) skips pass over the nodes between: arc above the row.
      const top = (layout.rowTop.get(fromRow) ?? cy) - 8 - Math.min(48, 0.08 * (ex - sx));
      d = `M${fmt(sx - 4)},${fmt(from.y)} C${fmt(sx)},${fmt(top)} ${fmt(ex)},${fmt(top)} ${fmt(ex + 2)},${fmt(to.y - 1)}`;
      noteAt = { x: (sx + ex) / 2, y: top + 12 };
    } else {
      const ty = to.y + to.height / 2;
      d = `M${fmt(sx)},${fmt(cy)} L${fmt(ex)},${fmt(ty)}`;
      noteAt = { x: (sx + ex) / 2, y: cy - 4 };
    }
  } else if (layout.gates.has(arrow.to)) {
    // Gating signal: leave the coarser map on its left, run in the gap between the rows, rise into the gate.
    const gate = layout.gates.get(arrow.to)!;
    const sx = from.x + Math.min(6, from.width * 0.25);
    const mid =
      (layout.rowTop.get(fromRow) ?? from.y) - layoutConstants.labelAbove - layoutConstants.rowGap / 2;
    d = `M${fmt(sx)},${fmt(from.y)} L${fmt(sx)},${fmt(mid)} L${fmt(gate.x)},${fmt(mid)} L${fmt(gate.x)},${fmt(gate.y + gateRadius)}`;
  } else {
    const down = toRow > fromRow;
    const sx = from.x + from.width * 0.7;
    const sy = down ? from.y + from.height : from.y;
    if (sx >= to.x && sx <= to.x + to.width) {
      d = `M${fmt(sx)},${fmt(sy)} L${fmt(sx)},${fmt(down ? to.y : to.y + to.height)}`;
    } else {
      const ty = to.y + to.height / 2;
      const ex = sx < to.x ? to.x : to.x + to.width;
      d = `M${fmt(sx)},${fmt(sy)} L${fmt(sx)},${fmt(ty)} L${fmt(ex)},${fmt(ty)}`;
    }
  }
  const dash = arrow.kind === 'down' ? ' stroke-dasharray="5 3"' : '';
  const parts = [
    `<path class="arrow arrow-${arrow.kind}" data-from="${escapeXml(arrow.from)}" data-to="${escapeXml(arrow.to)}" d="${d}" fill="none" stroke="${color}" stroke-width="${arrow.kind === 'copy' ? 1.6 : 2}"${dash} marker-end="url(#head-${arrow.kind})"/>`,
  ];
  if (arrow.note && noteAt && noteFits(arrow, layout)) {
    parts.push(
      `<text class="note" x="${fmt(noteAt.x)}" y="${fmt(noteAt.y)}" font-size="9" fill="#666" text-anchor="middle">${escapeXml(arrow.note)}</text>`,
    );
  }
  return parts.join('');
}

/** A note needs ~5.5 px per character of straight arrow. */
function noteFits(arrow: VisualArrow, layout: Layout): boolean {
  const from = anchor(arrow.from, layout);
  const to = anchor(arrow.to, layout);
  return !!from && !!to && to.x - (from.x + from.width) > (arrow.note?.length ?? 0) * 5.5;
}

/** The box a copy really comes from: through an attention gate, the gate's same-row input. */
function copySource(copy: VisualBox, model: VisualModel): { arrow: VisualArrow; source: string } | undefined {
  const arrow = model.arrows.find((a) => a.to === copy.id);
  if (!arrow) return undefined;
  const gate = model.gates.find((g) => g.id === arrow.from);
  if (!gate) return { arrow, source: arrow.from };
  const skip = model.arrows.find(
    (a) => a.to === gate.id && model.boxes.find((b) => b.id === a.from)?.row === gate.row,
  );
  return skip ? { arrow, source: skip.from } : undefined;
}

/** On the source of a cropped copy, a dashed centred window shows which part survives the crop. */
function renderCrop(copy: VisualBox, model: VisualModel, layout: Layout): string {
  if (!copy.crop) return '';
  const found = copySource(copy, model);
  const from = found ? layout.boxes.get(found.source) : undefined;
  if (!found || !from) return '';
  const [whole, kept] = copy.crop;
  const h = (from.height * kept) / whole;
  let note = '';
  if (found.arrow.note && !noteFits(found.arrow, layout)) {
    // Short (gated) copy arrow: write the crop over the long skip arrow instead.
    const to = anchor(found.arrow.from, layout);
    const x = to ? (from.x + from.width + to.x) / 2 : from.x + from.width + 30;
    note = `<text class="note" x="${fmt(x)}" y="${fmt(from.y + from.height / 2 - 4)}" font-size="9" fill="#666" text-anchor="middle">${escapeXml(found.arrow.note)}</text>`;
  }
  return `${note}<rect class="crop" x="${fmt(from.x + 1.5)}" y="${fmt(from.y + (from.height - h) / 2)}" width="${fmt(from.width - 3)}" height="${fmt(h)}" fill="none" stroke="#333" stroke-dasharray="3 2" stroke-width="0.9"/>`;
}

interface LegendEntry {
  readonly kind: ArrowKind;
  readonly label: string;
}

function legendEntries(arrows: readonly VisualArrow[]): LegendEntry[] {
  const seen = new Set<string>();
  const entries: LegendEntry[] = [];
  for (const kind of legendOrder) {
    for (const arrow of arrows) {
      const key = `${kind}|${arrow.label}`;
      if (arrow.kind !== kind || seen.has(key)) continue;
      seen.add(key);
      entries.push({ kind, label: arrow.label });
    }
  }
  return entries;
}

function renderLegend(entries: readonly LegendEntry[], x: number, y: number): string {
  const rows = entries.map((e, i) => {
    const ly = y + 14 + i * 18;
    const dash = e.kind === 'down' ? ' stroke-dasharray="5 3"' : '';
    return (
      `<g class="legend-entry" data-kind="${e.kind}"><path d="M${x},${ly} L${x + 36},${ly}" stroke="${arrowColors[e.kind]}" stroke-width="2"${dash} marker-end="url(#head-${e.kind})"/>` +
      `<text x="${x + 46}" y="${ly + 4}" font-size="11">${escapeXml(e.label)}</text></g>`
    );
  });
  return `<g class="legend">${rows.join('')}</g>`;
}

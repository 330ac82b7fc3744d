import { arcTargets, renderArrow, renderCrop } from './arrows.js';
import { spatialText } from './describe-ops.js';
import { layoutConstants, type Layout, type Rect } from './layout.js';
import { legendEntries, legendOrder, marker, renderLegend } from './legend.js';
import { arrowColors, escapeXml, fmt, font, gateRadius } from './svg-style.js';
import type { VisualBox, VisualModel } from './visual-model.js';

const boxFill: Record<VisualBox['kind'], string> = {
  input: '#b9d3ee',
  map: '#8fb8de',
  copy: '#ffffff',
  output: '#9fded6',
};

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
  const verticalEnds = new Set([...verticalArrowEnds(model), ...arcTargets(model, layout)]);
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

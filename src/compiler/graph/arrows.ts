import { layoutConstants, type Layout, type Rect } from './layout.js';
import { arrowColors, arrowDash, escapeXml, fmt, gateRadius } from './svg-style.js';
import type { VisualArrow, VisualBox, VisualModel } from './visual-model.js';

/*
 * Arrow routing: in-row arrows run along the row's centre line (arcing over boxes in between, as
 * U-Net++ dense skips must); pool and up-conv arrows are vertical when the boxes line up, else
 * elbows; a gating signal leaves its map on the left, runs between the rows and rises into the gate.
 */

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

/** True when an in-row arrow must arc over boxes between its ends (a U-Net++ dense skip). */
function arcsOverBoxes(arrow: VisualArrow, model: VisualModel, layout: Layout): boolean {
  const from = anchor(arrow.from, layout);
  const to = anchor(arrow.to, layout);
  const row = rowOf(arrow.from, model);
  if (!from || !to || row !== rowOf(arrow.to, model)) return false;
  const sx = from.x + from.width;
  return [...layout.boxes.entries()].some(
    ([id, r]) =>
      id !== arrow.from &&
      id !== arrow.to &&
      rowOf(id, model) === row &&
      r.x > sx - 1 &&
      r.x + r.width < to.x + 1,
  );
}

/**
 * Boxes an arc lands on (at the top-left corner): their channel count moves right, off the
 * arrowhead, as it does for boxes a vertical arrow touches.
 */
export function arcTargets(model: VisualModel, layout: Layout): Set<string> {
  return new Set(model.arrows.filter((a) => arcsOverBoxes(a, model, layout)).map((a) => a.to));
}

export function renderArrow(arrow: VisualArrow, model: VisualModel, layout: Layout): string {
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
    if (arcsOverBoxes(arrow, model, layout)) {
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
  const dash = arrowDash(arrow.kind, arrow.anisotropic === true);
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
export function renderCrop(copy: VisualBox, model: VisualModel, layout: Layout): string {
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

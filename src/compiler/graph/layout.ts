import type { VisualBox, VisualModel } from './visual-model.js';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly boxes: ReadonlyMap<string, Rect>;
  /** Centre of each attention-gate glyph. */
  readonly gates: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
  /** Vertical centre line of each row (level), where in-row arrows run. */
  readonly rowCenter: ReadonlyMap<number, number>;
  readonly rowTop: ReadonlyMap<number, number>;
  readonly width: number;
  readonly height: number;
}

export const layoutConstants = {
  margin: 24,
  titleHeight: 34,
  /** Space above a row for channel counts. */
  labelAbove: 16,
  /** Space below a row for the rotated size labels. */
  labelBelow: 58,
  rowGap: 18,
  /** Shortest in-cell arrow. */
  minGap: 22,
} as const;

/**
 * Box width grows with log2(channels) so 1 and 1024 channels both stay readable; the paper's
 * figure draws width ∝ channels, which makes 64-channel maps hairlines next to 1024.
 */
export function boxWidth(shape: readonly number[]): number {
  const channels = Math.max(1, shape[shape.length - 1] ?? 1);
  return Math.round(5 + 3.5 * Math.log2(channels));
}

/** Height grows with √(height in pixels), so the U's depth stays visible at every level. */
export function boxHeight(shape: readonly number[]): number {
  const size = shape.length >= 3 ? shape[shape.length - 3]! : 1;
  return Math.round(Math.min(170, 10 + 5.5 * Math.sqrt(Math.max(1, size))));
}

/**
 * Positions: rows are levels (top = full resolution); cell X(i, j) sits in slot k = i + 2j, so a
 * plain U-Net runs down the left, across the bottleneck and up the right, and U-Net++ fills the
 * triangle between. Each slot starts under (or over) the last box of the slot before it, which is
 * what makes the pool and up-conv arrows vertical, as in the paper's figure.
 */
export function layoutModel(model: VisualModel): Layout {
  const c = layoutConstants;
  const cells = new Map<string, VisualBox[]>();
  for (const box of model.boxes) {
    const key = `${box.row},${box.column}`;
    cells.set(key, [...(cells.get(key) ?? []), box]);
  }
  for (const list of cells.values()) list.sort((a, b) => a.order - b.order);
  const slotOf = (box: VisualBox): number => box.row + 2 * box.column;
  const slots = new Map<number, VisualBox[][]>();
  for (const list of cells.values()) {
    const k = slotOf(list[0]!);
    slots.set(k, [...(slots.get(k) ?? []), list]);
  }
  const maxSlot = Math.max(0, ...slots.keys());
  // Room for a skip arrow between a row's boxes two slots apart: more when it carries a crop note or a gate.
  const hasCrop = model.boxes.some((b) => b.crop !== undefined);
  const arrowGap = (hasCrop ? 70 : 34) + (model.gates.length > 0 ? 50 : 0);
  // Per cell: copies hang to the left of the anchor (the first non-copy box), touching it like
  // the paper's white + blue pair; the anchor starts the slot; the rest spread to the last box.
  const split = (list: VisualBox[]): { copies: VisualBox[]; rest: VisualBox[] } => ({
    copies: list.filter((b) => b.kind === 'copy'),
    rest: list.filter((b) => b.kind !== 'copy'),
  });
  const lastOffset: number[] = [];
  const lastWidth: number[] = [];
  const copiesWidth: number[] = [];
  for (let k = 0; k <= maxSlot + 1; k++) {
    let offset = 0;
    let width = 0;
    let copies = 0;
    for (const list of slots.get(k) ?? []) {
      const { copies: c0, rest } = split(list);
      const before = rest.slice(0, -1).reduce((sum, b) => sum + boxWidth(b.shape) + c.minGap, 0);
      offset = Math.max(offset, before);
      width = Math.max(width, rest.length > 0 ? boxWidth(rest[rest.length - 1]!.shape) : 0);
      copies = Math.max(
        copies,
        c0.reduce((sum, b) => sum + boxWidth(b.shape), 0),
      );
    }
    lastOffset.push(offset);
    lastWidth.push(width);
    copiesWidth.push(copies);
  }
  // The same row comes back two slots later; leave room for its last box, an arrow and the copies.
  for (let k = 1; k <= maxSlot; k++) {
    lastOffset[k] = Math.max(lastOffset[k]!, lastWidth[k - 1]! + arrowGap + copiesWidth[k + 1]!);
  }
  const slotStart: number[] = [c.margin + copiesWidth[0]!];
  for (let k = 1; k <= maxSlot + 1; k++) slotStart.push(slotStart[k - 1]! + lastOffset[k - 1]!);

  const rows = [...new Set(model.boxes.map((b) => b.row))].sort((a, b) => a - b);
  const rowTop = new Map<number, number>();
  const rowCenter = new Map<number, number>();
  // Skips that jump over nodes arc above their row: leave room for them under the title.
  const arcs = model.boxes.some(
    (b) =>
      b.row === 0 &&
      (b.kind === 'output' || b.kind === 'copy') &&
      model.boxes.some((o) => o.row === 0 && o.column > b.column),
  );
  let y = c.margin + c.titleHeight + (arcs ? 40 : 0);
  for (const row of rows) {
    const height = Math.max(...model.boxes.filter((b) => b.row === row).map((b) => boxHeight(b.shape)));
    rowTop.set(row, y + c.labelAbove);
    rowCenter.set(row, y + c.labelAbove + height / 2);
    y += c.labelAbove + height + c.labelBelow + c.rowGap;
  }

  const rects = new Map<string, Rect>();
  for (const list of cells.values()) {
    const k = slotOf(list[0]!);
    const { copies, rest } = split(list);
    const place = (box: VisualBox, x: number): void => {
      const height = boxHeight(box.shape);
      rects.set(box.id, { x, y: rowCenter.get(box.row)! - height / 2, width: boxWidth(box.shape), height });
    };
    let x = slotStart[k]!;
    for (const box of [...copies].reverse()) {
      x -= boxWidth(box.shape);
      place(box, x);
    }
    const before = rest.slice(0, -1).reduce((sum, b) => sum + boxWidth(b.shape), 0);
    const gap = rest.length > 1 ? Math.max(c.minGap, (lastOffset[k]! - before) / (rest.length - 1)) : 0;
    x = slotStart[k]!;
    for (const box of rest) {
      place(box, x);
      x += boxWidth(box.shape) + gap;
    }
  }

  const gates = new Map<string, { x: number; y: number }>();
  for (const gate of model.gates) {
    const copy = model.boxes.find(
      (b) => b.kind === 'copy' && model.arrows.some((a) => a.from === gate.id && a.to === b.id),
    );
    const rect = copy ? rects.get(copy.id) : undefined;
    const center = rowCenter.get(gate.row) ?? c.margin;
    gates.set(gate.id, { x: rect ? rect.x - 34 : slotStart[gate.row + 2 * gate.column]!, y: center });
  }
  const right = Math.max(0, ...[...rects.values()].map((r) => r.x + r.width));
  return { boxes: rects, gates, rowCenter, rowTop, width: right + c.margin, height: y + c.margin };
}

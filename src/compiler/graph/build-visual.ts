import type { IrGraph, IrNode } from '../ir/ir.js';
import { arrowLabel } from './arrow-label.js';
import { spatialText } from './describe-ops.js';
import { groupNodes, mergeOps } from './group-nodes.js';
import type { ArrowKind, VisualArrow, VisualBox, VisualGate, VisualModel } from './visual-model.js';

/** Ops that keep the feature map (and its box): they only add words to the arrow that made it. */
const passThrough = new Set(['activation', 'norm', 'dropout']);

interface Cell {
  readonly row: number;
  readonly column: number;
}

/**
 * IR → drawing model. Folding rules: norm / activation / dropout join the box before them;
 * the nodes of one up-sampling, one attention gate or one head become one element; a crop
 * becomes a note on the copy arrow; a concat becomes white copy boxes next to the up-sampled box
 * in the decoder cell (the paper's white + blue pair). Rows and columns come from IR roles
 * (level i, column j of X(i, j)); sampling, skip and gate nodes are drawn in the cell that consumes them
 * (the lowering gives them the level they sit on, not always the decoder's column).
 */
export function buildVisualModel(graph: IrGraph, title: string): VisualModel {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const consumers = new Map<string, IrNode[]>();
  for (const node of graph.nodes) {
    for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node]);
  }
  const group = groupNodes(graph.nodes, byId);

  /** Where a node is drawn: its role, or for sampling/gates the cell of whatever consumes it. */
  const cells = new Map<string, Cell>();
  const cellOf = (node: IrNode): Cell => {
    const known = cells.get(node.id);
    if (known) return known;
    const cell = findCell(node);
    cells.set(node.id, cell);
    return cell;
  };
  const findCell = (node: IrNode): Cell => {
    const stage = node.role.stage;
    if (stage === 'down' || stage === 'up' || stage === 'gate' || stage === 'skip') {
      const seen = new Set<string>();
      const queue = [...(consumers.get(node.id) ?? [])];
      while (queue.length > 0) {
        const next = queue.shift()!;
        if (seen.has(next.id)) continue;
        seen.add(next.id);
        if (next.role.stage !== stage) return cellOf(next);
        queue.push(...(consumers.get(next.id) ?? []));
      }
    }
    if (stage === 'head') {
      const outside = node.inputs
        .map((i) => byId.get(i))
        .find((n) => n !== undefined && n.role.stage !== 'head');
      if (outside) return cellOf(outside);
    }
    return { row: node.role.level, column: node.role.column };
  };

  const boxes: VisualBox[] = [];
  const gates: VisualGate[] = [];
  const arrows: VisualArrow[] = [];
  const boxById = new Map<string, VisualBox>();
  const gateById = new Map<string, VisualGate>();
  /** IR node id → id of the box or gate showing its output. */
  const repr = new Map<string, string>();
  const crops = new Map<string, readonly [number, number]>();
  const cropNotes = new Map<string, string>();
  const groupElement = new Map<string, string>();

  const addBox = (box: VisualBox): VisualBox => {
    boxes.push(box);
    boxById.set(box.id, box);
    return box;
  };
  const addArrow = (from: string | undefined, to: string, kind: ArrowKind, note?: string): void => {
    if (from === undefined || arrows.some((a) => a.from === from && a.to === to)) return;
    arrows.push({ from, to, kind, label: '', ...(note ? { note } : {}) });
  };

  for (const node of graph.nodes) {
    const i = index.get(node.id)!;
    const op = node.attrs.op;
    const groupId = group.get(node.id);
    if (op === 'input') {
      addBox({ id: node.id, kind: 'input', shape: node.shape, ...cellOf(node), order: i, nodes: [node.id] });
      repr.set(node.id, node.id);
    } else if (groupId !== undefined) {
      let element = groupElement.get(groupId);
      const stage = node.role.stage;
      if (element === undefined) {
        element = node.id;
        groupElement.set(groupId, element);
        if (stage === 'gate') {
          const gate: VisualGate = { id: element, ...cellOf(node), nodes: [] };
          gates.push(gate);
          gateById.set(element, gate);
        } else {
          addBox({
            id: element,
            kind: stage === 'head' ? 'output' : 'map',
            shape: node.shape,
            ...cellOf(node),
            order: i,
            nodes: [],
          });
        }
      }
      const box = boxById.get(element);
      if (box) {
        box.shape = node.shape;
        box.order = i;
      }
      (box ?? gateById.get(element)!).nodes.push(node.id);
      repr.set(node.id, element);
      const kind: ArrowKind = stage === 'up' ? 'up' : stage === 'gate' ? 'gate' : 'head';
      for (const input of node.inputs) {
        if (group.get(input) !== groupId) addArrow(repr.get(input), element, kind);
      }
    } else if (passThrough.has(op) && node.inputs.length === 1) {
      const element = repr.get(node.inputs[0]!);
      if (element !== undefined) {
        repr.set(node.id, element);
        const box = boxById.get(element);
        if (box) {
          box.shape = node.shape;
          box.nodes.push(node.id);
        } else gateById.get(element)?.nodes.push(node.id);
      }
    } else if (op === 'crop' && node.inputs.length === 1) {
      const source = byId.get(node.inputs[0]!)!;
      crops.set(node.id, [source.shape[0]!, node.shape[0]!]);
      cropNotes.set(node.id, cropNote(source.shape, node.shape));
      repr.set(node.id, repr.get(source.id)!);
    } else if (mergeOps.has(op)) {
      const cell = cellOf(node);
      const inputCells = node.inputs.map((id) => boxById.get(repr.get(id) ?? ''));
      const isSkip =
        node.role.stage !== 'head' &&
        op !== 'average' &&
        inputCells.some((b) => !b || b.row !== cell.row || b.column !== cell.column);
      if (isSkip) {
        // Copies to the left of the up-sampled map, as in the paper's figure.
        const local = inputCells.filter(
          (b): b is VisualBox => !!b && b.row === cell.row && b.column === cell.column,
        );
        const base = Math.min(i, ...local.map((b) => b.order));
        node.inputs.forEach((input, k) => {
          const source = repr.get(input);
          const sourceBox = boxById.get(source ?? '');
          if (sourceBox && sourceBox.row === cell.row && sourceBox.column === cell.column) return;
          const crop = crops.get(input);
          const copy = addBox({
            id: `${node.id}:copy${k}`,
            kind: 'copy',
            shape: byId.get(input)!.shape,
            ...cell,
            order: base - 0.5 + k * 0.01,
            nodes: [node.id],
            ...(crop ? { crop } : {}),
          });
          addArrow(source, copy.id, 'copy', cropNotes.get(input));
        });
        const members = boxes.filter(
          (b) => b.row === cell.row && b.column === cell.column && b.order >= base - 0.5,
        );
        const last = members.reduce((a, b) => (b.order > a.order ? b : a));
        repr.set(node.id, last.id);
      } else {
        const target = node.inputs
          .map((id) => boxById.get(repr.get(id) ?? ''))
          .filter((b): b is VisualBox => !!b);
        const anchor = target.reduce<Cell>((a, b) => (b.column > a.column ? b : a), cell);
        const box = addBox({
          id: node.id,
          kind: node.role.stage === 'head' ? 'output' : 'map',
          shape: node.shape,
          row: anchor.row,
          column: anchor.column,
          order: i,
          nodes: [node.id],
        });
        for (const input of node.inputs) addArrow(repr.get(input), box.id, 'merge');
        repr.set(node.id, box.id);
      }
    } else {
      const kind: ArrowKind =
        op === 'max_pool' || op === 'avg_pool'
          ? 'pool'
          : op === 'conv_transpose' || op === 'upsample' || op === 'resize_like'
            ? 'up'
            : op === 'conv' && node.attrs.strides.some((s) => s > 1)
              ? 'down'
              : 'conv';
      const box = addBox({
        id: node.id,
        kind: 'map',
        shape: node.shape,
        ...cellOf(node),
        order: i,
        nodes: [node.id],
      });
      for (const input of node.inputs) addArrow(repr.get(input), box.id, kind);
      repr.set(node.id, box.id);
    }
  }
  for (const arrow of arrows) {
    arrow.label = arrowLabel(arrow, boxById.get(arrow.to), byId);
    const scale = scaleOf(byId.get(boxById.get(arrow.to)?.nodes[0] ?? ''));
    if (scale && scale.some((s) => s !== scale[0])) arrow.anisotropic = true;
  }
  return { title, dims: graph.dims, boxes, gates, arrows };
}

/** How much a resampling node scales each axis, if it is one. */
function scaleOf(node: IrNode | undefined): readonly number[] | undefined {
  const a = node?.attrs;
  if (!a) return undefined;
  if (a.op === 'max_pool' || a.op === 'avg_pool') return a.strides;
  if (a.op === 'conv' || a.op === 'conv_transpose')
    return a.strides.some((s) => s > 1) ? a.strides : undefined;
  if (a.op === 'upsample') return a.size;
  return undefined;
}

/** "crop 568→392" when every axis is alike in 2D; else every axis: "crop 20×68×68→16×28×28". */
function cropNote(from: readonly number[], to: readonly number[]): string {
  const a = spatialText(from);
  const b = spatialText(to);
  const square = from.length === 3 && from[0] === from[1] && to[0] === to[1];
  return square ? `crop ${from[0]}→${to[0]}` : `crop ${a}→${b}`;
}

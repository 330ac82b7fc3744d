import type { IrNode, IrRole } from '../ir/ir.js';

export const mergeOps = new Set(['concat', 'add', 'multiply', 'average']);
/** Stages whose several IR nodes are drawn as one element (an up-conv, a gate, a head). */
const groupedStages = new Set<IrRole['stage']>(['up', 'gate', 'head']);

/**
 * Connected groups of up / gate / head nodes (edges between nodes of the same stage). Merges in
 * a head stage stay apart, so averaged deep-supervision heads remain separate outputs.
 */
export function groupNodes(nodes: readonly IrNode[], byId: Map<string, IrNode>): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  const groupable = (n: IrNode): boolean =>
    groupedStages.has(n.role.stage) && !(n.role.stage === 'head' && mergeOps.has(n.attrs.op));
  for (const node of nodes) if (groupable(node)) parent.set(node.id, node.id);
  for (const node of nodes) {
    if (!groupable(node)) continue;
    for (const input of node.inputs) {
      const source = byId.get(input);
      if (source && groupable(source) && source.role.stage === node.role.stage) {
        const a = find(node.id);
        const b = find(input);
        if (a !== b) parent.set(a, b);
      }
    }
  }
  const result = new Map<string, string>();
  for (const id of parent.keys()) result.set(id, find(id));
  return result;
}

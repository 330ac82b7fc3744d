/**
 * U-Net++ pruning for inference (Zhou et al. 2018, "UNet++ L^k"): keep only what X(0, k)'s
 * supervision head needs — exactly the nodes X(i, j) with i + j ≤ k and the layers between them —
 * and make that head the only output.
 */
import type { IrGraph, IrNode } from './ir.js';

/**
 * The sub-graph that computes the head on X(0, k), or null when the graph has no output named
 * "X0_<k>" (the checker requires a supervision head there before it accepts `prune: Lk`). The
 * head on the deepest column (k = depth) is the main head; its output is named "X0_<depth>" when the
 * network has deep supervision, else "main".
 */
export function pruneGraph(graph: IrGraph, k: number): IrGraph | null {
  const head =
    graph.outputs.find((o) => o.name === `X0_${k}`) ??
    graph.outputs.find(
      (o) => o.name === 'main' && graph.nodes.find((n) => n.id === o.node)?.role.column === k,
    );
  if (!head) return null;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  const stack = [head.node];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const input of byId.get(id)?.inputs ?? []) stack.push(input);
  }
  const nodes: IrNode[] = graph.nodes.filter((n) => keep.has(n.id));
  return { dims: graph.dims, nodes, input: graph.input, outputs: [{ ...head, name: 'main', lossWeight: 1 }] };
}

/**
 * Structural invariants of an IrGraph, for tests and for the emitter's defensive check: unique ids,
 * topological order, known inputs, positive integer shapes of the graph's rank, crop margins that
 * fit, outputs that exist. Returns the violations as plain strings (empty = valid); they describe
 * compiler bugs, never user errors.
 */
import type { IrGraph } from './ir.js';

export function validateGraph(graph: IrGraph): string[] {
  const problems: string[] = [];
  const shapes = new Map<string, readonly number[]>();
  const rank = graph.dims + 1;
  for (const node of graph.nodes) {
    if (shapes.has(node.id)) problems.push(`duplicate id ${node.id}`);
    for (const input of node.inputs) {
      if (!shapes.has(input)) problems.push(`${node.id}: input ${input} is not defined before it`);
    }
    if (node.shape.length !== rank || node.shape.some((d) => !Number.isInteger(d) || d < 1)) {
      problems.push(`${node.id}: bad shape [${node.shape.join(', ')}]`);
    }
    if (!Number.isInteger(node.params) || node.params < 0)
      problems.push(`${node.id}: bad parameter count ${node.params}`);
    const a = node.attrs;
    if (a.op === 'crop') {
      const from = shapes.get(node.inputs[0] ?? '') ?? [];
      a.cropping.forEach(([before, after], axis) => {
        if (before < 0 || after < 0 || (from[axis] ?? 0) - before - after !== node.shape[axis]) {
          problems.push(`${node.id}: crop [${before}, ${after}] does not fit axis ${axis}`);
        }
      });
    }
    if (a.op === 'concat') {
      const channels = node.inputs.reduce((sum, i) => sum + (shapes.get(i)?.[rank - 1] ?? 0), 0);
      if (channels !== node.shape[rank - 1])
        problems.push(`${node.id}: concat channels ${channels} ≠ ${node.shape[rank - 1]}`);
    }
    if (a.op === 'concat' || a.op === 'add' || a.op === 'average' || a.op === 'multiply') {
      for (const i of node.inputs) {
        const s = shapes.get(i) ?? [];
        if (s.slice(0, -1).some((d, axis) => d !== node.shape[axis]))
          problems.push(`${node.id}: input ${i} has another size`);
      }
    }
    shapes.set(node.id, node.shape);
  }
  if (!shapes.has(graph.input)) problems.push(`input ${graph.input} is not a node`);
  for (const o of graph.outputs)
    if (!shapes.has(o.node)) problems.push(`output ${o.name} names unknown node ${o.node}`);
  return problems;
}

import type { IrGraph, IrNode } from '../ir/ir.js';

/** Node lookup by id, with a clear internal error for a dangling edge. */
export class GraphIndex {
  private readonly byId: ReadonlyMap<string, IrNode>;

  constructor(readonly graph: IrGraph) {
    this.byId = new Map(graph.nodes.map((node) => [node.id, node]));
  }

  node(id: string): IrNode {
    const node = this.byId.get(id);
    if (!node) throw new Error(`IR edge to unknown node '${id}'`);
    return node;
  }

  /** Output shape of each input of `node`, in input order. */
  inputShapes(node: IrNode): (readonly number[])[] {
    return node.inputs.map((id) => this.node(id).shape);
  }

  /** Channels (last axis) of the node's first input. */
  inputChannels(node: IrNode): number {
    const first = node.inputs[0];
    if (first === undefined) throw new Error(`IR node '${node.id}' (${node.attrs.op}) has no input`);
    const shape = this.node(first).shape;
    return shape[shape.length - 1] ?? 0;
  }
}

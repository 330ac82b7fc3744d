import type { IrGraph, IrNode } from '../../ir/ir.js';
import { GraphIndex } from '../graph-index.js';

/** How a head's output becomes probabilities, as the losses read it. */
export type HeadKind = 'softmax' | 'sigmoid';

export interface Head {
  readonly name: string;
  readonly node: string;
  readonly kind: HeadKind;
  readonly lossWeight: number;
  /** The node whose value is the head's logits (the head itself, or its activation's input). */
  readonly logitsNode: string;
  /** Whether the head node is a conv with the activation fused in (left out in `logits`). */
  readonly fused: boolean;
}

/** Activation nodes tfjs builds as a plain `Activation` layer (the others have their own classes). */
function isPlainActivation(node: IrNode): boolean {
  const a = node.attrs;
  if (a.op !== 'activation') return false;
  if (a.kind === 'leaky_relu' || a.kind === 'prelu') return false;
  return a.kind !== 'elu' || a.alpha === undefined || a.alpha === 1;
}

/**
 * The heads as the tfjs trainer sees them (src/runtime/train/logits-model.ts): a head conv with a
 * fused softmax/sigmoid is read without it (and whatever consumes it — U-Net++'s averaged head —
 * consumes the logits too), a head that is an activation layer is read at its input, and any
 * other head is taken as logits: one class per channel when it has several, else foreground odds.
 */
export function headsOf(graph: IrGraph): Head[] {
  const index = new GraphIndex(graph);
  return graph.outputs.map((out) => {
    const node = index.node(out.node);
    const a = node.attrs;
    const channels = node.shape[node.shape.length - 1] ?? 1;
    const common = { name: out.name, node: node.id, lossWeight: out.lossWeight };
    const fallback: HeadKind = channels > 1 ? 'softmax' : 'sigmoid';
    if (
      (a.op === 'conv' || a.op === 'conv_transpose') &&
      (a.activation === 'softmax' || a.activation === 'sigmoid')
    )
      return { ...common, kind: a.activation, logitsNode: node.id, fused: true };
    if (isPlainActivation(node) && node.attrs.op === 'activation') {
      const kind = node.attrs.kind;
      const headKind: HeadKind = kind === 'softmax' || kind === 'sigmoid' ? kind : fallback;
      return { ...common, kind: headKind, logitsNode: node.inputs[0] ?? node.id, fused: false };
    }
    return { ...common, kind: fallback, logitsNode: node.id, fused: false };
  });
}

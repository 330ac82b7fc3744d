import type { IrNode } from '../ir/ir.js';
import { describeOps } from './describe-ops.js';
import type { VisualArrow, VisualBox } from './visual-model.js';

/** The legend text of an arrow: the paper's words for the ops folded into its target box. */
export function arrowLabel(
  arrow: VisualArrow,
  target: VisualBox | undefined,
  byId: Map<string, IrNode>,
): string {
  switch (arrow.kind) {
    case 'copy':
      return arrow.note ? 'copy and crop' : 'copy';
    case 'gate':
      return 'attention gate';
    case 'merge': {
      const op = byId.get(target?.nodes[0] ?? '')?.attrs.op;
      return op === 'concat' ? 'concat' : op === 'add' ? 'add' : op === 'average' ? 'average' : 'multiply';
    }
    default: {
      const nodes = (target?.nodes ?? []).map((id) => byId.get(id)).filter((n): n is IrNode => !!n);
      return describeOps(nodes) || arrow.kind;
    }
  }
}

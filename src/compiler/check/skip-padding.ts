/**
 * What `skip: concat(pad: zero|replicate)` does at the spec's input size: one note per padded
 * merge, saying how many rows the up-sampled map gains to reach its skip (MONAI's UpCat after
 * floor-rounded pooling of odd sizes), so the padding is never silent.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { SizeContext } from './size-diagnostics.js';

/** The nearest sizes at or above the input that need no padding: multiples of the net's size modulus. */
function unpaddedInput(ctx: SizeContext): string {
  return ctx.net.inputSize
    .map((s, axis) => {
      let m = 1;
      for (const level of ctx.net.levels) m *= level.down?.stride[axis] ?? 1;
      return Math.ceil(s / m) * m;
    })
    .join('×');
}

export function noteSkipPadding(ctx: SizeContext): Diagnostic[] {
  const notes: Diagnostic[] = [];
  const size = (n: number) => ctx.sizes.map((axis) => axis[n] ?? 0);
  for (const node of ctx.graph.nodes) {
    const align = node.align;
    if (align?.kind !== 'pad_to') continue;
    const target = node.inputs[align.target] ?? 0;
    const to = size(target);
    node.inputs.forEach((input, p) => {
      if (p === align.target) return;
      const from = size(input);
      if (from.every((s, axis) => s === to[axis])) return;
      const rows = from.map((s, axis) => (to[axis] ?? s) - s);
      notes.push(
        makeDiagnostic('SkipPadded', ctx.locate(node.origin), {
          level: node.role.level,
          from: from.join('×'),
          to: to.join('×'),
          rows: rows.join('×'),
          mode: align.mode,
          input: ctx.net.inputSize.join('×'),
          suggested: unpaddedInput(ctx),
        }),
      );
    });
  }
  return notes;
}

/**
 * Instance norm over a one-pixel map (1×1, or 1×1×1): the mean is the value itself and the
 * variance 0, so the output is the layer's offset β for every input and no gradient reaches any
 * layer before it. It happens at the smallest valid input of deep same-padded nets (nnU-Net,
 * MONAI, DynUNet), whose bottleneck is then one pixel. The net compiles and runs, so this is a
 * warning; the hint names the next valid input that gives every such map a second pixel.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { fillTemplate, makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type { NetNode } from '../ir/net-graph.js';
import { propagateAxis } from './propagate-sizes.js';
import { opLabel, writeSizesFix, type SizeContext } from './size-diagnostics.js';

const isInstanceNorm = (node: NetNode): boolean => node.attrs.op === 'norm' && node.attrs.kind === 'instance';

/** Nodes whose map is one pixel on every axis at the input sizes `sizes[axis][node]`. */
function onePixelNorms(ctx: SizeContext, sizes: readonly (readonly number[])[]): number[] {
  return ctx.graph.nodes
    .map((node, index) => ({ node, index }))
    .filter(({ node, index }) => isInstanceNorm(node) && sizes.every((axis) => axis[index] === 1))
    .map(({ index }) => index);
}

/**
 * The smallest step up from the spec's input that leaves no one-pixel instance norm: the last
 * axis first (one step of its size rule, as the variant tests do), then every axis together.
 */
function largerInput(ctx: SizeContext): number[] | undefined {
  const input = ctx.net.inputSize;
  const step = (s: number, axis: number, k: number): number => s + k * (ctx.rules[axis]?.rule?.modulus ?? 1);
  const last = input.length - 1;
  const candidates: number[][] = [];
  for (let k = 1; k <= 4; k++) {
    candidates.push(input.map((s, axis) => (axis === last ? step(s, axis, k) : s)));
    candidates.push(input.map((s, axis) => step(s, axis, k)));
  }
  return candidates.find((sizes) => {
    const per: number[][] = [];
    for (const [axis, s] of sizes.entries()) {
      const axisSizes = new Array<number>(ctx.graph.nodes.length);
      if (!propagateAxis(ctx.graph, axis, s, axisSizes)) return false;
      per.push(axisSizes);
    }
    return onePixelNorms(ctx, per).length === 0;
  });
}

/** One warning per norm declaration, naming its first one-pixel layer and how many more share it. */
export function checkInstanceNormOnePixel(ctx: SizeContext): Diagnostic[] {
  const hits = onePixelNorms(ctx, ctx.sizes);
  if (hits.length === 0) return [];
  const byOrigin = new Map<string, NetNode[]>();
  for (const index of hits) {
    const node = ctx.graph.nodes[index]!;
    byOrigin.set(node.origin, [...(byOrigin.get(node.origin) ?? []), node]);
  }
  const pointer = `${ctx.net.$path}/input`;
  const suggested = largerInput(ctx);
  const fix = suggested
    ? writeSizesFix(ctx, pointer, ctx.net.inputSize, suggested, ctx.net.inputChannels)
    : undefined;
  return [...byOrigin.entries()].map(([origin, nodes]) => {
    const more = nodes.length - 1;
    const args = {
      node: more === 0 ? nodes[0]!.id : `${nodes[0]!.id} (and ${more} more layer${more === 1 ? '' : 's'})`,
      shape: ctx.sizes.map(() => '1').join('×'),
      suggested: suggested ? suggested.join('×') : 'a larger input',
    };
    const related = [
      {
        span: ctx.locate(origin),
        message: fillTemplate(Messages.RelatedLayer.message, { op: opLabel(nodes[0]!) }),
      },
    ];
    return makeDiagnostic('InstanceNormOnePixel', ctx.locate(pointer), args, {
      related,
      ...(fix ? { fix } : {}),
    });
  });
}

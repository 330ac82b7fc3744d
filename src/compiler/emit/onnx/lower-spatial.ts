/** Resampling and windowing: up-sampling and attention resizes (Resize), crops (Slice), zero padding (Pad). */
import type { IrNode, ResizeLikeAttrs, UpsampleAttrs } from '../../ir/ir.js';
import { type LowerContext, onnxPads } from './lower-context.js';

/** Beyond any axis length: an open end for Slice. */
const OPEN_END = Number.MAX_SAFE_INTEGER;

/**
 * tfjs resizes with alignCorners = halfPixelCenters = false: source = j·in/out (ONNX
 * 'asymmetric'); nearest takes ⌊source⌋ ('floor'); linear clamps the right neighbour at the
 * edge, as ONNX does.
 */
function resizeAttributes(interpolation: 'nearest' | 'bilinear'): Record<string, string> {
  return interpolation === 'nearest'
    ? { mode: 'nearest', nearest_mode: 'floor', coordinate_transformation_mode: 'asymmetric' }
    : { mode: 'linear', coordinate_transformation_mode: 'asymmetric' };
}

export function upsample(ctx: LowerContext, node: IrNode, a: UpsampleAttrs): string {
  const b = ctx.builder;
  const scales = b.floatInitializer(
    `${node.id}.scales`,
    [2 + a.size.length],
    Float32Array.from([1, 1, ...a.size]),
  );
  const inputs = [ctx.tensor(node.inputs[0]!), '', scales];
  return b.node('Resize', inputs, resizeAttributes(a.interpolation), ctx.define(node.id));
}

/** Resize input 0 to input 1's spatial size, read at run time (the spatial axes stay dynamic). */
export function resizeLike(ctx: LowerContext, node: IrNode, a: ResizeLikeAttrs): string {
  const b = ctx.builder;
  const x = ctx.tensor(node.inputs[0]!);
  const like = ctx.tensor(node.inputs[1]!);
  const rank = node.shape.length + 1;
  const head = b.node('Slice', [
    b.node('Shape', [x]),
    b.intInitializer('zero', [0]),
    b.intInitializer('two', [2]),
  ]);
  const tail = b.node('Slice', [
    b.node('Shape', [like]),
    b.intInitializer('two', [2]),
    b.intInitializer('rank', [rank]),
  ]);
  const sizes = b.node('Concat', [head, tail], { axis: 0 });
  return b.node('Resize', [x, '', '', sizes], resizeAttributes(a.interpolation), ctx.define(node.id));
}

export function crop(
  ctx: LowerContext,
  node: IrNode,
  cropping: readonly (readonly [number, number])[],
): string {
  const b = ctx.builder;
  const starts = b.intInitializer(
    `${node.id}.starts`,
    cropping.map((c) => c[0]),
  );
  const ends = b.intInitializer(
    `${node.id}.ends`,
    cropping.map((c) => (c[1] > 0 ? -c[1] : OPEN_END)),
  );
  const axes = b.intInitializer(
    `${node.id}.axes`,
    cropping.map((_, i) => i + 2),
  );
  return b.node('Slice', [ctx.tensor(node.inputs[0]!), starts, ends, axes], {}, ctx.define(node.id));
}

export function pad(
  ctx: LowerContext,
  node: IrNode,
  padding: readonly (readonly [number, number])[],
): string {
  const b = ctx.builder;
  const amounts = b.intInitializer(`${node.id}.pads`, onnxPads([[0, 0], [0, 0], ...padding]));
  return b.node('Pad', [ctx.tensor(node.inputs[0]!), amounts], { mode: 'constant' }, ctx.define(node.id));
}

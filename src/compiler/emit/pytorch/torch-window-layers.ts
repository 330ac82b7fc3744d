import type { ConvAttrs, ConvTransposeAttrs, IrNode, PoolAttrs } from '../../ir/ir.js';
import { convTransposeOutputLength, sameConvPadding } from '../../shapes/conv-arithmetic.js';
import type { GraphIndex } from '../graph-index.js';
import { padArgument, pyTuple } from './python-syntax.js';
import { first, layer, spatialOf, type TorchLayer } from './torch-layer.js';

/**
 * tfjs 'same' pads unevenly when the window does not fit (the extra row after); PyTorch's
 * `padding=` is symmetric, so only an even split goes into the module and anything else into an
 * explicit F.pad in front of it.
 */
function samePads(
  inShape: readonly number[],
  kernel: readonly number[],
  strides: readonly number[],
  dilation?: readonly number[],
) {
  const pads = spatialOf(inShape).map((n, i) =>
    sameConvPadding(n, kernel[i] ?? 1, strides[i] ?? 1, dilation?.[i] ?? 1),
  );
  const symmetric = pads.every(([before, after]) => before === after);
  return { pads, symmetric, zero: pads.every(([b, a]) => b === 0 && a === 0) };
}

export function conv(node: IrNode, a: ConvAttrs, index: GraphIndex, dims: number): TorchLayer {
  const inShape = index.inputShapes(node)[0] ?? [];
  const same = a.padding === 'same' ? samePads(inShape, a.kernel, a.strides, a.dilation) : null;
  const padding = same?.symmetric ? same.pads.map(([b]) => b) : a.kernel.map(() => 0);
  const args = [
    `${index.inputChannels(node)}, ${a.filters}`,
    `kernel_size=${pyTuple(a.kernel)}`,
    ...(a.strides.some((s) => s !== 1) ? [`stride=${pyTuple(a.strides)}`] : []),
    ...(padding.some((p) => p !== 0) ? [`padding=${pyTuple(padding)}`] : []),
    ...(a.dilation.some((d) => d !== 1) ? [`dilation=${pyTuple(a.dilation)}`] : []),
    ...(a.useBias ? [] : ['bias=False']),
  ];
  const padded = same && !same.symmetric ? padArgument(same.pads) : null;
  return layer(
    `nn.Conv${dims}d(${args.join(', ')})`,
    (inputs, self) => (padded ? `${self}(F.pad(${first(inputs)}, ${padded}))` : `${self}(${first(inputs)})`),
    a.activation,
  );
}

/**
 * tfjs' transposed conv is the full transposed convolution ((n − 1)·s + k per axis) cut to a
 * window that starts ⌊max(k − s, 0)/2⌋ in ('same') or at 0 ('valid') and is as long as the
 * checker says, zero beyond the full result. PyTorch's `padding` p cuts p in front and
 * `output_padding` q lengthens the far end, so p = that start and q = what is left; a q outside
 * PyTorch's range [0, s) becomes an F.pad (negative: crop) of the result.
 */
export function convTranspose(
  node: IrNode,
  a: ConvTransposeAttrs,
  index: GraphIndex,
  dims: number,
): TorchLayer {
  const spatial = spatialOf(index.inputShapes(node)[0] ?? []);
  const axes = spatial.map((n, i) => {
    const k = a.kernel[i] ?? 1;
    const s = a.strides[i] ?? 1;
    const target = convTransposeOutputLength(n, k, s, a.padding, a.outputPadding[i] ?? 0);
    const p = a.padding === 'same' ? Math.floor(Math.max(k - s, 0) / 2) : 0;
    const natural = (n - 1) * s - 2 * p + k;
    const q = Math.min(Math.max(target - natural, 0), s - 1);
    return { p, q, rest: target - natural - q };
  });
  const args = [
    `${index.inputChannels(node)}, ${a.filters}`,
    `kernel_size=${pyTuple(a.kernel)}`,
    ...(a.strides.some((s) => s !== 1) ? [`stride=${pyTuple(a.strides)}`] : []),
    ...(axes.some((x) => x.p !== 0) ? [`padding=${pyTuple(axes.map((x) => x.p))}`] : []),
    ...(axes.some((x) => x.q !== 0) ? [`output_padding=${pyTuple(axes.map((x) => x.q))}`] : []),
    ...(a.useBias ? [] : ['bias=False']),
  ];
  const rest = axes.some((x) => x.rest !== 0)
    ? padArgument(axes.map((x): [number, number] => [0, x.rest]))
    : null;
  return layer(
    `nn.ConvTranspose${dims}d(${args.join(', ')})`,
    (inputs, self) => (rest ? `F.pad(${self}(${first(inputs)}), ${rest})` : `${self}(${first(inputs)})`),
    a.activation,
  );
}

/** tfjs 'same' pooling ignores the padding: −∞ for max, left out of the mean for average. */
export function pool(node: IrNode, a: PoolAttrs, index: GraphIndex, dims: number): TorchLayer {
  const kind = a.op === 'max_pool' ? 'Max' : 'Avg';
  const strides = a.strides.some((s, i) => s !== a.pool[i]) ? `, stride=${pyTuple(a.strides)}` : '';
  const module = `nn.${kind}Pool${dims}d(${pyTuple(a.pool)}${strides})`;
  const same = a.padding === 'same' ? samePads(index.inputShapes(node)[0] ?? [], a.pool, a.strides) : null;
  if (!same || same.zero) return layer(module, (inputs, self) => `${self}(${first(inputs)})`);
  const pads = padArgument(same.pads);
  if (a.op === 'max_pool')
    return layer(module, (inputs, self) => `${self}(F.pad(${first(inputs)}, ${pads}, value=float('-inf')))`);
  return layer(module, (inputs, self) => `_mean_over_window(${self}, ${first(inputs)}, ${pads})`);
}

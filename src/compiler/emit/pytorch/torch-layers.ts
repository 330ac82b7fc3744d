import type {
  ActivationAttrs,
  ConvAttrs,
  ConvTransposeAttrs,
  IrNode,
  NormAttrs,
  PoolAttrs,
} from '../../ir/ir.js';
import { convTransposeOutputLength, sameConvPadding } from '../../shapes/conv-arithmetic.js';
import type { GraphIndex } from '../graph-index.js';
import { preluSharedAxes } from '../layer-weights.js';
import { assertNever, padArgument, pyNumber, pyTuple } from './python-syntax.js';

/** Activations tfjs fuses into a conv; applied after the module call. */
export type FusedActivation = ConvAttrs['activation'];

/**
 * One IR node in PyTorch: the module its attribute holds (none for stateless ops), how `forward`
 * calls it given the Python names of its inputs, and the activation fused into it (a head's
 * softmax/sigmoid, which `logits` leaves out).
 */
export interface TorchLayer {
  readonly module: string | null;
  call(inputs: readonly string[], self: string): string;
  readonly fused: FusedActivation;
}

const spatialOf = (shape: readonly number[]): number[] => shape.slice(0, -1);

function layer(
  module: string | null,
  call: TorchLayer['call'],
  fused: FusedActivation = 'linear',
): TorchLayer {
  return { module, call, fused };
}

const first = (inputs: readonly string[]): string => inputs[0] ?? 'None';

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

function conv(node: IrNode, a: ConvAttrs, index: GraphIndex, dims: number): TorchLayer {
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
function convTranspose(node: IrNode, a: ConvTransposeAttrs, index: GraphIndex, dims: number): TorchLayer {
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
function pool(node: IrNode, a: PoolAttrs, index: GraphIndex, dims: number): TorchLayer {
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

function activation(node: IrNode, a: ActivationAttrs, dims: number): TorchLayer {
  const apply = (f: (x: string) => string) => layer(null, (inputs) => f(first(inputs)));
  switch (a.kind) {
    case 'relu':
      return apply((x) => `torch.relu(${x})`);
    case 'leaky_relu':
      return apply((x) => `F.leaky_relu(${x}, ${pyNumber(a.alpha ?? 0.01)})`);
    case 'elu':
      return apply((x) => `F.elu(${x}, ${pyNumber(a.alpha ?? 1)})`);
    case 'gelu':
      return apply((x) => `F.gelu(${x})`);
    case 'tanh':
      return apply((x) => `torch.tanh(${x})`);
    case 'sigmoid':
      return apply((x) => `torch.sigmoid(${x})`);
    case 'softmax':
      return apply((x) => `torch.softmax(${x}, dim=1)`);
    case 'linear':
      return apply((x) => x);
    case 'prelu': {
      const channels = node.shape[node.shape.length - 1] ?? 1;
      const shared = preluSharedAxes(node).length;
      // One slope per channel or one in all: nn.PReLU; one per activation: its own module.
      const module =
        shared === dims
          ? `nn.PReLU(${channels}, init=0.0)`
          : shared === dims + 1
            ? 'nn.PReLU(1, init=0.0)'
            : `PReLUPerActivation(${pyTuple([channels, ...spatialOf(node.shape)])})`;
      return layer(module, (inputs, self) => `${self}(${first(inputs)})`);
    }
    default:
      return assertNever(a.kind, 'activation kind');
  }
}

/** tfjs momentum m keeps m of the old moving average; PyTorch's momentum is the new batch's share. */
function norm(node: IrNode, a: NormAttrs, index: GraphIndex, dims: number): TorchLayer {
  const c = index.inputChannels(node);
  const eps = `eps=${pyNumber(a.epsilon)}`;
  const affine = `affine=${a.affine ? 'True' : 'False'}`;
  const call: TorchLayer['call'] = (inputs, self) => `${self}(${first(inputs)})`;
  switch (a.kind) {
    case 'batch':
      return layer(
        `nn.BatchNorm${dims}d(${c}, ${eps}, momentum=${pyNumber(1 - a.momentum)}, ${affine})`,
        call,
      );
    case 'instance':
      // One group per channel is instance norm; nn.InstanceNorm refuses 1×1 maps, which tfjs normalises to β.
      return layer(`nn.GroupNorm(${c}, ${c}, ${eps}, ${affine})  # instance norm`, call);
    case 'group':
      return layer(`nn.GroupNorm(${a.groups ?? 1}, ${c}, ${eps}, ${affine})`, call);
    default:
      return assertNever(a.kind, 'norm kind');
  }
}

/** The PyTorch form of one IR node. Every op kind is handled; a new one fails to compile here. */
export function torchLayer(node: IrNode, index: GraphIndex): TorchLayer {
  const a = node.attrs;
  const dims = index.graph.dims;
  const self = (inputs: readonly string[], s: string) => `${s}(${first(inputs)})`;
  switch (a.op) {
    case 'input':
      return layer(null, first);
    case 'conv':
      return conv(node, a, index, dims);
    case 'conv_transpose':
      return convTranspose(node, a, index, dims);
    case 'max_pool':
    case 'avg_pool':
      return pool(node, a, index, dims);
    case 'upsample': {
      const mode = a.interpolation === 'nearest' ? 'nearest' : 'linear';
      return layer(null, (inputs) => `upsample(${first(inputs)}, ${pyTuple(a.size)}, '${mode}')`);
    }
    case 'resize_like': {
      const mode = a.interpolation === 'nearest' ? 'nearest' : 'linear';
      return layer(null, ([x, like]) => `resize(${x ?? 'None'}, ${like ?? 'None'}.shape[2:], '${mode}')`);
    }
    case 'crop': {
      const slices = a.cropping.map(([b, e]) => (e === 0 ? `${b}:` : `${b}:-${e}`));
      return layer(null, (inputs) => `${first(inputs)}[:, :, ${slices.join(', ')}]`);
    }
    case 'pad':
      return layer(null, (inputs) => `F.pad(${first(inputs)}, ${padArgument(a.padding)})`);
    case 'concat':
      return layer(null, (inputs) => `torch.cat([${inputs.join(', ')}], 1)`);
    case 'add':
      return layer(null, (inputs) => inputs.join(' + '));
    case 'multiply':
      return layer(null, (inputs) => inputs.join(' * '));
    case 'average':
      return layer(null, (inputs) => `(${inputs.join(' + ')}) / ${inputs.length}`);
    case 'activation':
      return activation(node, a, dims);
    case 'norm':
      return norm(node, a, index, dims);
    case 'dropout': {
      const kind = a.spatial ? `Dropout${dims}d` : 'Dropout';
      return layer(`nn.${kind}(${pyNumber(a.rate)})`, self);
    }
    default:
      return assertNever(a, 'IR op');
  }
}

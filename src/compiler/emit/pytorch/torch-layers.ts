import type { ActivationAttrs, IrNode, NormAttrs } from '../../ir/ir.js';
import type { GraphIndex } from '../graph-index.js';
import { preluSharedAxes } from '../layer-weights.js';
import { assertNever, padArgument, pyNumber, pyTuple } from './python-syntax.js';
import { first, layer, spatialOf, type TorchLayer } from './torch-layer.js';
import { conv, convTranspose, pool } from './torch-window-layers.js';

export type { FusedActivation, TorchLayer } from './torch-layer.js';

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
        `nn.BatchNorm${dims}d(${c}, ${eps}, momentum=${pyNumber(Number((1 - a.momentum).toPrecision(12)))}, ${affine})`,
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
    case 'pad': {
      // Edge padding (MONAI's pad-to-skip) is an optional `mode` of the pad op; zeros otherwise.
      const replicate = (a as { readonly mode?: string }).mode === 'replicate' ? ", mode='replicate'" : '';
      return layer(null, (inputs) => `F.pad(${first(inputs)}, ${padArgument(a.padding)}${replicate})`);
    }
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

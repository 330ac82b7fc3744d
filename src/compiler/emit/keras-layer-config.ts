import { assertNever } from '../../common/assert-never.js';
import type { ActivationAttrs, ConvAttrs, ConvTransposeAttrs, IrNode, NormAttrs } from '../ir/ir.js';
import type { Dims, InitKind } from '../spec/model-spec.js';
import { UnetcLayer } from './custom-layers.js';
import type { GraphIndex } from './graph-index.js';
import type { KerasJson } from './keras-format.js';
import { kernelInitializerJson, ONES, ZEROS } from './keras-initializers.js';
import { layerWeights, preluSharedAxes } from './layer-weights.js';

type Config = { readonly [key: string]: KerasJson };

/** `class_name` + `config` of one layer, exactly as tfjs-layers' `getConfig` serialises it. */
export interface LayerClassConfig {
  readonly className: string;
  readonly config: Config;
}

const CHANNELS_LAST = 'channels_last';

function convCommon(
  node: IrNode,
  a: ConvAttrs | ConvTransposeAttrs,
  index: GraphIndex,
  init: InitKind,
): Config {
  const kernelShape = layerWeights(node, index)[0]?.shape ?? [];
  return {
    filters: a.filters,
    kernel_initializer: kernelInitializerJson(init, kernelShape),
    kernel_regularizer: null,
    kernel_constraint: null,
    kernel_size: a.kernel,
    strides: a.strides,
    padding: a.padding,
    data_format: CHANNELS_LAST,
  };
}

function convTail(useBias: boolean, activation: string): Config {
  return {
    activation,
    use_bias: useBias,
    bias_initializer: ZEROS,
    bias_regularizer: null,
    activity_regularizer: null,
    bias_constraint: null,
  };
}

function conv(node: IrNode, a: ConvAttrs, index: GraphIndex, init: InitKind, dims: Dims): LayerClassConfig {
  return {
    className: `Conv${dims}D`,
    config: {
      ...convCommon(node, a, index, init),
      dilation_rate: a.dilation,
      ...convTail(a.useBias, a.activation),
    },
  };
}

function convTranspose(node: IrNode, a: ConvTransposeAttrs, index: GraphIndex, init: InitKind, dims: Dims) {
  const config = { ...convCommon(node, a, index, init), ...convTail(a.useBias, a.activation) };
  // tfjs' Conv{2,3}DTranspose has no output_padding; only then is the custom layer needed.
  if (a.outputPadding.every((p) => p === 0)) return { className: `Conv${dims}DTranspose`, config };
  const className = dims === 2 ? UnetcLayer.conv2dTranspose : UnetcLayer.conv3dTranspose;
  return { className, config: { ...config, output_padding: a.outputPadding } };
}

function activation(node: IrNode, a: ActivationAttrs): LayerClassConfig {
  switch (a.kind) {
    case 'leaky_relu':
      return { className: 'LeakyReLU', config: { alpha: a.alpha ?? 0.01 } };
    case 'prelu': {
      const shared = preluSharedAxes(node);
      return {
        className: 'PReLU',
        config: {
          alpha_initializer: ZEROS,
          alpha_regularizer: null,
          alpha_constraint: null,
          shared_axes: shared.length > 0 ? shared : null,
        },
      };
    }
    case 'elu':
      // tfjs' ELU layer rejects alpha ≠ 1, and Activation('elu') is alpha 1.
      if (a.alpha !== undefined && a.alpha !== 1)
        return { className: UnetcLayer.elu, config: { alpha: a.alpha } };
      return { className: 'Activation', config: { activation: 'elu' } };
    case 'relu':
    case 'gelu':
    case 'tanh':
    case 'sigmoid':
    case 'softmax':
    case 'linear':
      return { className: 'Activation', config: { activation: a.kind } };
    default:
      return assertNever(a.kind, 'activation kind');
  }
}

function norm(a: NormAttrs, dims: Dims): LayerClassConfig {
  const affine = { center: a.affine, scale: a.affine };
  switch (a.kind) {
    case 'batch':
      return {
        className: dims === 2 && a.affine ? 'BatchNormalization' : UnetcLayer.batchNorm,
        config: {
          axis: -1,
          momentum: a.momentum,
          epsilon: a.epsilon,
          ...affine,
          beta_initializer: ZEROS,
          gamma_initializer: ONES,
          moving_mean_initializer: ZEROS,
          moving_variance_initializer: ONES,
          beta_regularizer: null,
          gamma_regularizer: null,
          beta_constraint: null,
          gamma_constraint: null,
        },
      };
    case 'instance':
      return { className: UnetcLayer.instanceNorm, config: { epsilon: a.epsilon, ...affine } };
    case 'group':
      return {
        className: UnetcLayer.groupNorm,
        config: { groups: a.groups ?? 1, epsilon: a.epsilon, ...affine },
      };
    default:
      return assertNever(a.kind, 'norm kind');
  }
}

function opConfig(node: IrNode, index: GraphIndex, init: InitKind, dims: Dims): LayerClassConfig {
  const a = node.attrs;
  switch (a.op) {
    case 'input':
      return {
        className: 'InputLayer',
        config: { batch_input_shape: [null, ...node.shape], dtype: 'float32', sparse: false },
      };
    case 'conv':
      return conv(node, a, index, init, dims);
    case 'conv_transpose':
      return convTranspose(node, a, index, init, dims);
    case 'max_pool':
    case 'avg_pool':
      return {
        className: `${a.op === 'max_pool' ? 'Max' : 'Average'}Pooling${dims}D`,
        config: { pool_size: a.pool, padding: a.padding, strides: a.strides, data_format: CHANNELS_LAST },
      };
    case 'upsample':
      if (dims === 3)
        return {
          className: UnetcLayer.upSampling3d,
          config: { size: a.size, interpolation: a.interpolation },
        };
      return {
        className: 'UpSampling2D',
        config: { size: a.size, data_format: CHANNELS_LAST, interpolation: a.interpolation },
      };
    case 'resize_like':
      return { className: UnetcLayer.resizeLike, config: { interpolation: a.interpolation } };
    case 'crop':
      if (dims === 3) return { className: UnetcLayer.cropping3d, config: { cropping: a.cropping } };
      return { className: 'Cropping2D', config: { cropping: a.cropping, data_format: CHANNELS_LAST } };
    case 'pad':
      if (a.mode === 'replicate')
        return { className: UnetcLayer.replicatePadding, config: { padding: a.padding } };
      if (dims === 3) return { className: UnetcLayer.zeroPadding3d, config: { padding: a.padding } };
      return { className: 'ZeroPadding2D', config: { padding: a.padding, data_format: CHANNELS_LAST } };
    case 'concat':
      return { className: 'Concatenate', config: { axis: -1 } };
    case 'add':
      return { className: 'Add', config: {} };
    case 'multiply':
      return { className: 'Multiply', config: {} };
    case 'average':
      return { className: 'Average', config: {} };
    case 'activation':
      return activation(node, a);
    case 'norm':
      return norm(a, dims);
    case 'dropout': {
      const channels = node.shape[node.shape.length - 1] ?? 1;
      const noiseShape = a.spatial ? [null, ...node.shape.slice(0, -1).map(() => 1), channels] : null;
      return { className: 'Dropout', config: { rate: a.rate, noise_shape: noiseShape, seed: null } };
    }
  }
}

/** The layer config of one IR node; its name is the node id. */
export function layerConfig(node: IrNode, index: GraphIndex, init: InitKind): LayerClassConfig {
  const { className, config } = opConfig(node, index, init, index.graph.dims);
  // InputLayer carries no `trainable` (tfjs omits it).
  const tail: Config = node.attrs.op === 'input' ? { name: node.id } : { name: node.id, trainable: true };
  return { className, config: { ...config, ...tail } };
}

import type { IrGraph } from '../../ir/ir.js';
import { isUnetcLayerClass, UnetcLayer } from '../custom-layers.js';
import type { KerasJson, KerasLayerJson } from '../keras-format.js';

type Config = { readonly [key: string]: KerasJson };

/** A custom layer that stays custom in `--layers keras`, and why no standard Keras class serves. */
export interface CustomLayerNote {
  readonly layer: string;
  readonly className: string;
  readonly reason: string;
}

const CHANNELS_LAST = 'channels_last';

/** Why these unetc layers have no standard Keras counterpart (the others all have one). */
const NO_KERAS_CLASS: Readonly<Record<string, string>> = {
  [UnetcLayer.resizeLike]:
    "resizes the attention coefficients to a second input's spatial size; no standard Keras layer " +
    'takes its output size from another tensor',
  [UnetcLayer.upSampling3d]:
    "trilinear 3D up-sampling: Keras' UpSampling3D only repeats voxels (nearest); use " +
    '`interpolation: nearest` or a transposed conv for a Keras-only model',
  [UnetcLayer.replicatePadding]:
    "pads by repeating edge pixels (MONAI's UpCat replicate mode); Keras' ZeroPadding layers pad " +
    'with zeros only — use `pad: zero` for a Keras-only model',
};

/** The layers of a `--layers keras` topology that are still unetc's, each with its reason. */
export function remainingCustomLayers(layers: readonly KerasLayerJson[]): CustomLayerNote[] {
  return layers
    .filter((l) => isUnetcLayerClass(l.class_name))
    .map((l) => ({
      layer: l.name,
      className: l.class_name,
      reason: NO_KERAS_CLASS[l.class_name] ?? 'no standard Keras class',
    }));
}

function base(config: Config): Config {
  return { name: config['name'] ?? null, trainable: config['trainable'] ?? true };
}

/**
 * One layer of a unetc model.json as a standard Keras class with the config Keras' `from_config`
 * takes, or the layer unchanged with the reason it stays custom. Keras classes tfjs lacks (or
 * runs wrongly) are mapped back by `tfjsLoadableTopology` when unetc loads the model.
 */
export function standardKerasLayer(
  layer: KerasLayerJson,
  graph: IrGraph,
): { layer: KerasLayerJson; note: CustomLayerNote | null } {
  const c = layer.config;
  const as = (className: string, config: Config): { layer: KerasLayerJson; note: null } => ({
    layer: { ...layer, class_name: className, config: { ...config, ...base(c) } },
    note: null,
  });
  switch (layer.class_name) {
    case UnetcLayer.cropping3d:
      return as('Cropping3D', { cropping: c['cropping']!, data_format: CHANNELS_LAST });
    case UnetcLayer.zeroPadding3d:
      return as('ZeroPadding3D', { padding: c['padding']!, data_format: CHANNELS_LAST });
    case UnetcLayer.upSampling3d:
      if (c['interpolation'] === 'nearest')
        return as('UpSampling3D', { size: c['size']!, data_format: CHANNELS_LAST });
      break;
    case UnetcLayer.batchNorm:
      return as('BatchNormalization', c);
    case UnetcLayer.groupNorm:
    case UnetcLayer.instanceNorm: {
      // Instance norm is group norm with one group per channel.
      const channels = graph.nodes.find((n) => n.id === layer.name)?.shape.at(-1) ?? 1;
      const groups = layer.class_name === UnetcLayer.instanceNorm ? channels : (c['groups'] ?? 1);
      return as('GroupNormalization', {
        groups,
        axis: -1,
        epsilon: c['epsilon'] ?? 1e-3,
        center: c['center'] ?? true,
        scale: c['scale'] ?? true,
        beta_initializer: { class_name: 'Zeros', config: {} },
        gamma_initializer: { class_name: 'Ones', config: {} },
        beta_regularizer: null,
        gamma_regularizer: null,
        beta_constraint: null,
        gamma_constraint: null,
      });
    }
    case UnetcLayer.conv2dTranspose:
      return as('Conv2DTranspose', c);
    case UnetcLayer.conv3dTranspose:
      return as('Conv3DTranspose', c);
    case UnetcLayer.elu:
      return as('ELU', { alpha: c['alpha'] ?? 1 });
  }
  if (!isUnetcLayerClass(layer.class_name)) return { layer, note: null };
  // Any unetc layer not mapped above stays custom, and says so: never silently.
  const reason = NO_KERAS_CLASS[layer.class_name] ?? 'no standard Keras class';
  return { layer, note: { layer: layer.name, className: layer.class_name, reason } };
}

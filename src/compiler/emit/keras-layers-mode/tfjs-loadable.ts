import { UnetcLayer } from '../custom-layers.js';
import type { KerasJson, KerasLayerJson, KerasModelTopology } from '../keras-format.js';

type Config = { readonly [key: string]: KerasJson };

function nonZero(value: KerasJson | undefined): boolean {
  return Array.isArray(value) && value.some((v) => v !== 0);
}

function withoutKeys(config: Config, keys: readonly string[]): Config {
  return Object.fromEntries(Object.entries(config).filter(([k]) => !keys.includes(k)));
}

/** The unetc class (and config) tfjs needs for a standard Keras layer it lacks or runs wrongly. */
function tfjsLayer(layer: KerasLayerJson, dims: number): KerasLayerJson {
  const c = layer.config;
  const as = (className: string, config: Config): KerasLayerJson => ({
    ...layer,
    class_name: className,
    config,
  });
  switch (layer.class_name) {
    case 'Cropping3D':
      return as(UnetcLayer.cropping3d, withoutKeys(c, ['data_format']));
    case 'ZeroPadding3D':
      return as(UnetcLayer.zeroPadding3d, withoutKeys(c, ['data_format']));
    case 'UpSampling3D':
      return as(UnetcLayer.upSampling3d, { ...withoutKeys(c, ['data_format']), interpolation: 'nearest' });
    case 'BatchNormalization':
      // tfjs' own throws on rank-5 input and cannot run without gamma/beta.
      return dims === 3 || c['center'] === false || c['scale'] === false
        ? as(UnetcLayer.batchNorm, c)
        : layer;
    case 'GroupNormalization':
      return as(UnetcLayer.groupNorm, {
        groups: c['groups'] ?? 1,
        epsilon: c['epsilon'] ?? 1e-3,
        center: c['center'] ?? true,
        scale: c['scale'] ?? true,
        name: c['name'] ?? null,
        trainable: c['trainable'] ?? true,
      });
    case 'ELU':
      return as(UnetcLayer.elu, c);
    case 'Conv2DTranspose':
    case 'Conv3DTranspose':
      if (nonZero(c['output_padding']))
        return as(
          layer.class_name === 'Conv2DTranspose' ? UnetcLayer.conv2dTranspose : UnetcLayer.conv3dTranspose,
          c,
        );
      return 'output_padding' in c ? as(layer.class_name, withoutKeys(c, ['output_padding'])) : layer;
    default:
      return layer;
  }
}

/**
 * A topology as tfjs-layers can load it: standard Keras classes that tfjs 4.22 does not have
 * (Cropping3D, ZeroPadding3D, UpSampling3D, GroupNormalization), runs wrongly (3D or non-affine
 * BatchNormalization, ELU with alpha ≠ 1) or ignores an argument of (output_padding) become unetc's
 * registered layers with the same weights. A default-mode topology comes back unchanged.
 */
export function tfjsLoadableTopology(topology: KerasModelTopology): KerasModelTopology {
  const input = topology.config.layers.find((l) => l.class_name === 'InputLayer');
  const shape = input?.config['batch_input_shape'];
  const dims = Array.isArray(shape) ? shape.length - 2 : 2;
  return {
    ...topology,
    config: { ...topology.config, layers: topology.config.layers.map((l) => tfjsLayer(l, dims)) },
  };
}

/**
 * unetc's custom tfjs layers. Importing this module registers every one of them with
 * `tf.serialization.registerClass`, which `tf.loadLayersModel` / `tf.models.modelFromJSON` need to
 * deserialise a compiled model that uses them (model.json names them `Unetc…`). A model with no
 * `Unetc…` class loads in plain tfjs without this module.
 */
import { UnetcBatchNormalization } from './batch-norm.js';
import { UnetcConv2DTranspose, UnetcConv3DTranspose } from './conv-transpose-padded.js';
import { UnetcCropping3D } from './cropping3d.js';
import { UnetcELU } from './elu.js';
import { UnetcGroupNormalization, UnetcInstanceNormalization } from './group-norm.js';
import { UnetcReplicatePadding } from './replicate-padding.js';
import { UnetcResizeLike } from './resize-like.js';
import { UnetcUpSampling3D } from './upsampling3d.js';
import { UnetcZeroPadding3D } from './zero-padding3d.js';

export const unetcLayerClasses = [
  UnetcBatchNormalization,
  UnetcConv2DTranspose,
  UnetcConv3DTranspose,
  UnetcCropping3D,
  UnetcELU,
  UnetcGroupNormalization,
  UnetcInstanceNormalization,
  UnetcReplicatePadding,
  UnetcResizeLike,
  UnetcUpSampling3D,
  UnetcZeroPadding3D,
] as const;

/** Names of the registered classes; calling this also guarantees the registering imports ran. */
export function registeredUnetcLayers(): string[] {
  return unetcLayerClasses.map((cls) => cls.className);
}

export {
  UnetcBatchNormalization,
  UnetcConv2DTranspose,
  UnetcConv3DTranspose,
  UnetcCropping3D,
  UnetcELU,
  UnetcGroupNormalization,
  UnetcInstanceNormalization,
  UnetcReplicatePadding,
  UnetcResizeLike,
  UnetcUpSampling3D,
  UnetcZeroPadding3D,
};

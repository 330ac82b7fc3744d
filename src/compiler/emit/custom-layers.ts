/**
 * Class names of the layers unetc registers itself, for ops tfjs-layers 4.22 has no built-in for.
 * The compiler writes these names into model.json; src/runtime/layers implements and registers
 * them (`tf.serialization.registerClass`). Everything else is a standard tfjs/Keras layer.
 *
 * Why each exists:
 * - Cropping3D, ZeroPadding3D, UpSampling3D: tfjs-layers only has the 2D versions.
 * - BatchNormalization: tfjs-layers' BatchNormalization throws on rank-5 input, and cannot train
 *   without gamma/beta (center/scale false reads an absent variable). The custom layer is the
 *   stock one (same config and weights) with both fixed; used only for 3D or non-affine BN.
 * - InstanceNormalization, GroupNormalization: not in tfjs-layers.
 * - ResizeLike: an attention gate resamples α onto the skip's grid (a two-input resize).
 * - Conv2DTranspose / Conv3DTranspose with output padding: tfjs' layers have no output_padding.
 * - ELU with alpha ≠ 1: tfjs' ELU layer rejects it (NotImplementedError).
 * - ReplicatePadding: tfjs pads only with zeros, reflections or symmetric copies (MONAI's UpCat
 *   replicates the edge).
 */
export const UnetcLayer = {
  cropping3d: 'UnetcCropping3D',
  zeroPadding3d: 'UnetcZeroPadding3D',
  upSampling3d: 'UnetcUpSampling3D',
  batchNorm: 'UnetcBatchNormalization',
  instanceNorm: 'UnetcInstanceNormalization',
  groupNorm: 'UnetcGroupNormalization',
  resizeLike: 'UnetcResizeLike',
  conv2dTranspose: 'UnetcConv2DTranspose',
  conv3dTranspose: 'UnetcConv3DTranspose',
  elu: 'UnetcELU',
  replicatePadding: 'UnetcReplicatePadding',
} as const;

export type UnetcLayerClass = (typeof UnetcLayer)[keyof typeof UnetcLayer];

export const UNETC_LAYER_PREFIX = 'Unetc';

export function isUnetcLayerClass(className: string): boolean {
  return className.startsWith(UNETC_LAYER_PREFIX);
}

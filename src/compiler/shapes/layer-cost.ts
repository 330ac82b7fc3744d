/** Parameter and FLOP counts of single layers, as Keras `count_params` and the usual 2·MAC convention give them. */

export function product(values: readonly number[]): number {
  let p = 1;
  for (const v of values) p *= v;
  return p;
}

/** Conv parameters: ∏k · C_in · C_out (+ C_out biases). */
export function convParams(
  kernel: readonly number[],
  inChannels: number,
  outChannels: number,
  bias: boolean,
): number {
  return product(kernel) * inChannels * outChannels + (bias ? outChannels : 0);
}

/** Transposed-conv parameters: the same count as a conv, ∏k · C_in · C_out (+ C_out biases). */
export function convTransposeParams(
  kernel: readonly number[],
  inChannels: number,
  outChannels: number,
  bias: boolean,
): number {
  return convParams(kernel, inChannels, outChannels, bias);
}

/**
 * Normalisation parameters over C channels: batch norm 4·C (γ, β trainable; moving mean and
 * variance not), instance/group norm 2·C when affine, else 0.
 */
export function normParams(kind: 'batch' | 'instance' | 'group', channels: number, affine: boolean): number {
  const scaleShift = affine ? 2 * channels : 0;
  return kind === 'batch' ? scaleShift + 2 * channels : scaleShift;
}

/** The trainable part of `normParams`: 2·C when affine, else 0. */
export function normTrainableParams(channels: number, affine: boolean): number {
  return affine ? 2 * channels : 0;
}

/** Conv FLOPs: 2 · (∏k · C_in) · C_out · ∏(output spatial) (one multiply-add = 2 FLOPs). */
export function convFlops(
  kernel: readonly number[],
  inChannels: number,
  outChannels: number,
  outSpatial: readonly number[],
): number {
  return 2 * product(kernel) * inChannels * outChannels * product(outSpatial);
}

/** Transposed-conv FLOPs: every input pixel scatters a k-window: 2 · ∏(input spatial) · C_in · ∏k · C_out. */
export function convTransposeFlops(
  kernel: readonly number[],
  inChannels: number,
  outChannels: number,
  inSpatial: readonly number[],
): number {
  return 2 * product(inSpatial) * inChannels * product(kernel) * outChannels;
}

import type { ConvAttrs } from '../../ir/ir.js';

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

export const spatialOf = (shape: readonly number[]): number[] => shape.slice(0, -1);

export function layer(
  module: string | null,
  call: TorchLayer['call'],
  fused: FusedActivation = 'linear',
): TorchLayer {
  return { module, call, fused };
}

export const first = (inputs: readonly string[]): string => inputs[0] ?? 'None';

import type { InitKind } from '../spec/model-spec.js';
import type { KerasJson } from './keras-format.js';
import { kernelFans } from './layer-weights.js';

type InitializerJson = {
  readonly class_name: string;
  readonly config: { readonly [key: string]: KerasJson };
};

export const ZEROS: InitializerJson = { class_name: 'Zeros', config: {} };
export const ONES: InitializerJson = { class_name: 'Ones', config: {} };

/** The paper's std √(2/N), N = the kernel's fan-in (incoming connections of one output unit). */
export function paperStd(kernelShape: readonly number[]): number {
  return Math.sqrt(2 / Math.max(1, kernelFans(kernelShape).fanIn));
}

/**
 * The `kernel_initializer` written into model.json. The weights file already holds initialised
 * values; this records how they were drawn, so re-initialising in tfjs or Keras draws alike.
 * he_* / glorot_* are tfjs' VarianceScaling presets ('normal' = truncated normal at 2σ, no
 * variance correction, exactly as tfjs 4.22 defines it).
 */
export function kernelInitializerJson(init: InitKind, kernelShape: readonly number[]): InitializerJson {
  const scaling = (scale: number, mode: string, distribution: string): InitializerJson => ({
    class_name: 'VarianceScaling',
    config: { scale, mode, distribution, seed: null },
  });
  switch (init) {
    case 'paper':
      return { class_name: 'RandomNormal', config: { mean: 0, stddev: paperStd(kernelShape), seed: null } };
    case 'he_normal':
      return scaling(2, 'fan_in', 'normal');
    case 'he_uniform':
      return scaling(2, 'fan_in', 'uniform');
    case 'glorot_normal':
      return scaling(1, 'fan_avg', 'normal');
    case 'glorot_uniform':
      return scaling(1, 'fan_avg', 'uniform');
  }
}

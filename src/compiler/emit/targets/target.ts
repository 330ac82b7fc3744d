import type { CheckedModel } from '../../ir/checked-model.js';
import type { OutputFile } from '../../../common/atomic-write.js';
import type { LayersMode } from '../keras-layers-mode/keras-mode.js';

/**
 * A compile target turns the checked IR into the files of one output directory. Every target
 * reads the same IR (src/compiler/ir/ir.ts) and the same named weights, so adding a target means
 * one file here plus its emitter folder (src/compiler/emit/<target>/) — never a second shape
 * derivation. Targets do no I/O: `writeTarget` writes their files atomically.
 *
 * Weights travel between targets by the tfjs variable names the IR implies (`modelWeights` in
 * ../layer-weights.ts, e.g. "enc0_conv1/kernel"), in the tfjs layouts (kernels
 * [...k, in, out]); a target that needs another layout converts in its own emitter and its own
 * loader, both ways, bit-exactly.
 */
export type TargetName = 'tfjs' | 'pytorch' | 'onnx';

export interface EmitOptions {
  /** Seed of the weight initialisation (default: the spec's train seed, else 1). */
  readonly seed?: number;
  /** U-Net++ L^k: emit only the sub-network the head on X0_k needs. */
  readonly prune?: number;
  /** Start from these weights (tfjs variable name → values) instead of fresh ones. */
  readonly weights?: ReadonlyMap<string, Float32Array>;
  /** Where `weights` came from, recorded in the output. */
  readonly weightsFrom?: string;
  /** tfjs target: layer class names, tfjs (default) or standard Keras (`compile --layers keras`). */
  readonly layers?: LayersMode;
}

export interface EmitResult {
  readonly files: readonly OutputFile[];
  /** One-line notes for the user (e.g. custom layers a loader must register). */
  readonly notes: readonly string[];
}

export interface CompileTarget {
  readonly name: TargetName;
  /** One line for `unetc compile --help`. */
  readonly description: string;
  emit(model: CheckedModel, options: EmitOptions): Promise<EmitResult>;
}

import type { ModelSpec } from '../spec/spec.js';
import type { IrGraph } from './ir.js';

/**
 * Admissible input sizes along one spatial axis: every s = offset + modulus·k with s ≥ min
 * (k ≥ 0); e.g. the paper net at depth 4: s ≡ 12 (mod 16), s ≥ 188.
 */
export interface SizeRule {
  readonly modulus: number;
  /** The smallest admissible size (also a representative of the residue class). */
  readonly min: number;
  /** Output size for input s: s·scale + shift (valid nets: scale 1, shift −184 for the paper). */
  readonly outputScale: number;
  readonly outputShift: number;
}

export interface ModelSummary {
  readonly params: number;
  readonly trainableParams: number;
  /** Conv + transposed-conv layers (the paper counts 23). */
  readonly convLayers: number;
  /** One forward pass, one sample. */
  readonly flops: number;
  /** Activations kept for backprop at the spec's batch size (float32), bytes. */
  readonly trainingActivationBytes: number;
  readonly paramBytes: number;
  /** Receptive field of one output pixel, per axis, in input pixels. */
  readonly receptiveField: readonly number[];
  /** Per spatial axis. */
  readonly sizeRules: readonly SizeRule[];
  /** Valid padding: how much the labels must be cropped per side ([before, after] per axis) to match the output. */
  readonly labelCrop: readonly (readonly [number, number])[];
}

export interface CheckedModel {
  readonly spec: ModelSpec;
  readonly graph: IrGraph;
  readonly summary: ModelSummary;
}

import type { Located } from './model-spec.js';

/** Inclusive numeric range; a fixed value has min === max. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

export type Normalization =
  | { readonly kind: 'per_image' }
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'mean_std'; readonly mean: number; readonly std: number }
  | { readonly kind: 'none' };

export type BorderMode = 'mirror' | 'zero' | 'edge';

export interface WeightMapSpec extends Located {
  /** Border weight w0 (paper: 10). */
  readonly w0: number;
  /** σ in pixels (paper: 5). */
  readonly sigma: number;
  /** Add w_c, the class-frequency balancing map. */
  readonly classBalance: boolean;
  /** Class whose connected components are the "cells" (default: every non-background class). */
  readonly foreground: readonly number[];
}

export interface TilingSpec extends Located {
  /** Input tile size per spatial axis (default: the network's input size). */
  readonly tile: readonly number[];
  /** Overlap between neighbouring output tiles, per axis, in pixels (same-padding nets). */
  readonly overlap: readonly number[];
  readonly blend: 'none' | 'mean' | 'gaussian';
}

export interface DataSpec extends Located {
  /** Globs, directories or stack files, relative to the spec file. */
  readonly images: readonly string[];
  readonly masks: readonly string[];
  /** Mask value → class index, in the order the spec lists them; names for reports. */
  readonly classMap: readonly {
    readonly value: number;
    readonly classIndex: number;
    readonly name: string;
  }[];
  /** Pixels with this mask value are ignored by loss and metrics. */
  readonly ignoreValue: number | null;
  readonly normalize: Normalization;
  readonly border: BorderMode;
  /**
   * Voxel size to resample every volume to before tiling, per spatial axis in image order ((z,) y, x),
   * in the files' units (NIfTI: usually mm); absent: use the grid as stored.
   */
  readonly spacing?: readonly number[];
  /** Fraction of images held out for validation, or explicit globs. */
  readonly validation:
    { readonly fraction: number } | { readonly images: readonly string[]; readonly masks: readonly string[] };
  readonly weightMap: WeightMapSpec | null;
  readonly train: TilingSpec;
  readonly predict: TilingSpec;
}

export interface ElasticSpec extends Located {
  readonly p: number;
  /** Control points per axis of the coarse grid (paper: 3). */
  readonly grid: readonly number[];
  /** Std of the displacement at the control points, pixels (paper: 10). */
  readonly sigma: number;
  readonly interpolation: 'bicubic' | 'bilinear';
}

export interface AugmentSpec extends Located {
  readonly elastic: ElasticSpec | null;
  readonly flip: { readonly p: number; readonly axes: readonly number[]; readonly $path: string } | null;
  readonly rotate90: { readonly p: number; readonly $path: string } | null;
  /** Degrees. */
  readonly rotate: { readonly p: number; readonly range: Range; readonly $path: string } | null;
  /** Scale factor. */
  readonly scale: { readonly p: number; readonly range: Range; readonly $path: string } | null;
  /** Pixels. */
  readonly shift: { readonly p: number; readonly range: Range; readonly $path: string } | null;
  /** Additive, in normalised intensity units. */
  readonly brightness: { readonly p: number; readonly range: Range; readonly $path: string } | null;
  /** Multiplicative. */
  readonly contrast: { readonly p: number; readonly range: Range; readonly $path: string } | null;
  readonly gamma: { readonly p: number; readonly range: Range; readonly $path: string } | null;
  /** Gaussian noise std, normalised intensity units. */
  readonly noise: { readonly p: number; readonly std: Range; readonly $path: string } | null;
}

export type OptimizerSpec =
  | {
      readonly kind: 'sgd';
      readonly lr: number;
      readonly momentum: number;
      readonly nesterov: boolean;
      readonly weightDecay: number;
      readonly $path: string;
    }
  | {
      readonly kind: 'adam';
      readonly lr: number;
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
      readonly weightDecay: number;
      readonly $path: string;
    };

export type ScheduleSpec =
  | { readonly kind: 'constant'; readonly $path: string }
  | { readonly kind: 'step'; readonly every: number; readonly factor: number; readonly $path: string }
  | { readonly kind: 'poly'; readonly power: number; readonly $path: string }
  | { readonly kind: 'cosine'; readonly minLr: number; readonly $path: string };

export type LossKind = 'weighted_ce' | 'ce' | 'bce' | 'dice' | 'ce_dice' | 'focal';

export interface LossSpec extends Located {
  readonly kind: LossKind;
  /** focal only. */
  readonly gamma: number;
  /** ce_dice: weight of the Dice term. */
  readonly diceWeight: number;
}

export interface TrainSpec extends Located {
  readonly optimizer: OptimizerSpec;
  readonly schedule: ScheduleSpec;
  readonly loss: LossSpec;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly batch: number;
  readonly seed: number;
  /** Checkpoint every N steps. */
  readonly checkpointEvery: number;
  readonly keepCheckpoints: number;
  /**
   * Metric for best-model selection, e.g. 'val_loss', 'pixel_error', 'rand_error', 'dice'; 'last' keeps
   * the final weights (no selection on the validation set).
   */
  readonly selectBy: string;
  readonly earlyStop: { readonly patience: number; readonly $path: string } | null;
}

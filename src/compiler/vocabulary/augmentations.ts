import type { AugmentSpec, Range } from '../spec/pipeline-spec.js';

/** The transformations of `augment { }`: one block each, only the ones written are applied. */
export type AugmentationKind = Exclude<keyof AugmentSpec, '$path'>;

/** A sampled range: its default, the unit the spec writes it in, and the smallest value it may take. */
export interface RangeDescriptor {
  /** `range`, or `std` for noise. */
  readonly key: 'range' | 'std';
  readonly defaults: Range;
  /** Written after each end in the spec (`-15deg..15deg`); absent: a plain number. */
  readonly unit?: 'deg' | 'px';
  /** Values below it are refused (a scale or gamma of 0 means nothing). */
  readonly minimum?: number;
}

export interface AugmentationDescriptor {
  readonly doc: string;
  /** Probability of applying it to a sample. */
  readonly p: number;
  readonly range?: RangeDescriptor;
}

const half = 0.5;

/** `elastic`'s own settings: the paper's 3×3 grid, σ = 10 px, bicubic (the first interpolation). */
export const elasticSettings = {
  grid: 3,
  /** Pixels. */
  sigma: 10,
  interpolations: ['bicubic', 'bilinear'],
} as const;

/**
 * `augment { … }`. Defaults are the paper's where it gives them (elastic: always, 3×3 grid, σ = 10 px,
 * bicubic: `elasticSettings`); `flip` mirrors every spatial axis unless its `axes` are written.
 */
export const augmentations: Readonly<Record<AugmentationKind, AugmentationDescriptor>> = {
  elastic: { doc: "the paper's elastic deformation on a coarse grid", p: 1 },
  flip: { doc: 'mirror along the spatial axes', p: half },
  rotate90: { doc: 'rotations by multiples of 90° in the x-y plane', p: half },
  rotate: {
    doc: 'rotation by an angle in degrees',
    p: half,
    range: { key: 'range', defaults: { min: -15, max: 15 }, unit: 'deg' },
  },
  scale: {
    doc: 'scaling by a factor',
    p: half,
    range: { key: 'range', defaults: { min: 0.9, max: 1.1 }, minimum: Number.MIN_VALUE },
  },
  shift: {
    doc: 'translation in pixels',
    p: half,
    range: { key: 'range', defaults: { min: -10, max: 10 }, unit: 'px' },
  },
  brightness: {
    doc: 'additive intensity change (normalised units)',
    p: half,
    range: { key: 'range', defaults: { min: -0.1, max: 0.1 } },
  },
  contrast: {
    doc: 'multiplicative intensity change',
    p: half,
    range: { key: 'range', defaults: { min: 0.9, max: 1.1 }, minimum: 0 },
  },
  gamma: {
    doc: 'gamma correction',
    p: half,
    range: { key: 'range', defaults: { min: 0.8, max: 1.25 }, minimum: Number.MIN_VALUE },
  },
  noise: {
    doc: 'additive Gaussian noise, its std drawn from the range',
    p: half,
    range: { key: 'std', defaults: { min: 0, max: 0.05 }, minimum: 0 },
  },
};

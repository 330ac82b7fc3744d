/**
 * The drawing model of `unetc graph`: what the paper's Figure 1 shows, derived from the checked IR
 * before any coordinates exist. Boxes are feature maps (blue) or copied maps (white), arrows are
 * operations. Kept separate from layout and SVG so tests can check structure directly.
 */
export type ArrowKind =
  /** conv k×k (+ norm/activation folded in): the paper's blue arrow. */
  | 'conv'
  /** max / average pooling: red, pointing down. */
  | 'pool'
  /** strided-conv down-sampling. */
  | 'down'
  /** up-conv / resize + conv: green, pointing up. */
  | 'up'
  /** copy (and crop): grey skip connection. */
  | 'copy'
  /** the 1×1 conv producing a segmentation map. */
  | 'head'
  /** into an attention gate (skip features and gating signal). */
  | 'gate'
  /** add / average of maps within one cell (residual, averaged heads). */
  | 'merge';

export type BoxKind = 'input' | 'map' | 'copy' | 'output';

export interface VisualBox {
  readonly id: string;
  readonly kind: BoxKind;
  /** Channels-last shape of the map the box shows. */
  shape: readonly number[];
  /** Level i of X(i, j): 0 = full resolution; drawn as rows. */
  row: number;
  /** Column j of X(i, j). */
  column: number;
  /** Left-to-right order inside its cell. */
  order: number;
  /** IR nodes folded into this box. */
  readonly nodes: string[];
  /** Copy boxes: [original size, cropped size] along the first spatial axis when the copy was cropped. */
  crop?: readonly [number, number];
}

export interface VisualGate {
  readonly id: string;
  row: number;
  column: number;
  readonly nodes: string[];
}

export interface VisualArrow {
  readonly from: string;
  readonly to: string;
  readonly kind: ArrowKind;
  /** Legend text, e.g. "conv 3×3, ReLU". */
  label: string;
  /** Text drawn on the arrow itself, e.g. "crop 568→392". */
  readonly note?: string;
  /** A resampling that scales the axes differently (1×2×2 pool): drawn with its own dash. */
  anisotropic?: boolean;
}

export interface VisualModel {
  readonly title: string;
  readonly dims: number;
  readonly boxes: VisualBox[];
  readonly gates: VisualGate[];
  readonly arrows: VisualArrow[];
}

/**
 * The size-independent network graph the checker expands a spec into, before lowering to the IR.
 * Channels and parameters never depend on the input size, so they are fixed here; spatial sizes
 * are propagated per axis (check/propagate-sizes.ts) and centre crops become IR nodes only when
 * lowering (ir/lower.ts) knows their margins.
 */
import type { Dims } from '../spec/model-spec.js';
import type { IrAttrs, IrRole } from './ir.js';

/** How a merge reconciles its inputs' spatial sizes. */
export type MergeAlign =
  /** Sizes must already agree. */
  | { readonly kind: 'exact' }
  /** Centre-crop every other input to the input at position `target` (crop_concat, residual, gated skip). */
  | { readonly kind: 'crop_to'; readonly target: number }
  /** Centre-crop every input to the smallest one, per axis (U-Net++ with valid padding). */
  | { readonly kind: 'crop_to_smallest' }
  /**
   * Pad every other input at the far end of each axis to the size of the input at `target`
   * (MONAI's UpCat); an input larger than the target is a mismatch.
   */
  | { readonly kind: 'pad_to'; readonly target: number; readonly mode: 'zero' | 'replicate' };

export interface NetNode {
  readonly id: string;
  /** Never a 'crop' (crops are inserted by lowering); 'resize_like' has [source, reference] inputs. */
  readonly attrs: IrAttrs;
  /** Indices into NetGraph.nodes, all smaller than this node's index. */
  readonly inputs: readonly number[];
  readonly channels: number;
  readonly params: number;
  readonly trainableParams: number;
  readonly role: IrRole;
  readonly origin: string;
  /** Merges only. */
  readonly align?: MergeAlign;
  /**
   * Strided pools and convs only: floor rounding that drops trailing rows is intended, because the
   * decoder pads its map back to the skip's size (`skip: concat(pad: …)`); not a size problem.
   */
  readonly floorRounds?: boolean;
  /** Ids for crop (or pad) layers lowering may insert in front of this merge, per input position. */
  readonly cropIds?: readonly (string | undefined)[];
}

export interface NetOutput {
  readonly node: number;
  readonly name: string;
  readonly lossWeight: number;
}

export interface NetGraph {
  readonly dims: Dims;
  readonly nodes: readonly NetNode[];
  /** outputs[0] is the main output. */
  readonly outputs: readonly NetOutput[];
}

/**
 * The expanding path of a plain U-Net (skips crop_concat, concat, add, none, attention):
 * decoder level i = up(previous) → merge with the encoder skip of level i → decoder block.
 * Ids: dec<i>_up…, dec<i>_crop, dec<i>_concat | dec<i>_add, dec<i>_conv<k>…
 */
import { assertNever } from '../../common/assert-never.js';
import type { IrRole } from '../ir/ir.js';
import type { LevelSpec, SkipSpec } from '../spec/model-spec.js';
import { expandConvBlock } from './conv-block.js';
import { expandAttentionGate } from './expand-attention.js';
import type { NetBuilder } from './net-builder.js';
import { expandUp } from './sampling.js';
import { nodeName } from './supervision.js';

/** Concat inputs in the spec's order; returns the inputs and the position of the up-sampled map. */
function concatOrder(skip: SkipSpec, skipNode: number, upNode: number): { inputs: number[]; upAt: number } {
  return skip.order === 'skip_first'
    ? { inputs: [skipNode, upNode], upAt: 1 }
    : { inputs: [upNode, skipNode], upAt: 0 };
}

/** A centre crop of `source` to the size of `reference` (lowering fills in the margins or drops it). */
export function cropLike(
  b: NetBuilder,
  id: string,
  source: number,
  reference: number,
  role: IrRole,
  origin: string,
): number {
  return b.add({
    id,
    attrs: { op: 'crop', cropping: [] },
    inputs: [source, reference],
    channels: b.channels(source),
    role,
    origin,
  });
}

function mergeSkip(
  b: NetBuilder,
  level: LevelSpec,
  skipNode: number,
  upNode: number,
  coarse: number,
  padding: 'valid' | 'same',
  dims: number,
): number {
  const skip = level.skip;
  const i = level.level;
  const role: IrRole = { stage: 'skip', level: i, column: 0 };
  if (!skip) return upNode;
  switch (skip.kind) {
    case 'none':
      return upNode;
    case 'add':
      return b.merge(`dec${i}_add`, 'add', [upNode, skipNode], { kind: 'exact' }, role, skip.$path);
    case 'concat':
    case 'crop_concat':
    case 'attention':
      return concatSkip(b, level, skip, skipNode, upNode, coarse, padding, dims, role);
    case 'nested':
    case 'full_scale':
      // Whole-network wirings: expand-nested.ts / expand-full-scale.ts build them, never per level.
      throw new Error(`a ${skip.kind} skip reached the per-level decoder`);
    default:
      return assertNever(skip.kind, 'skip kind');
  }
}

/** Crop-and-concat, plain concat, or an attention-gated skip followed by the concat. */
function concatSkip(
  b: NetBuilder,
  level: LevelSpec,
  skip: NonNullable<LevelSpec['skip']>,
  skipNode: number,
  upNode: number,
  coarse: number,
  padding: 'valid' | 'same',
  dims: number,
  role: IrRole,
): number {
  const i = level.level;
  let x = skipNode;
  if (skip.kind === 'attention' && skip.attention) {
    if (skip.attention.mode === 'same_resolution' && padding === 'valid') {
      x = cropLike(b, `dec${i}_crop`, x, upNode, role, skip.$path);
    }
    const g = skip.attention.mode === 'same_resolution' ? upNode : coarse;
    x = expandAttentionGate(b, x, g, skip.attention, level, dims);
  }
  const { inputs, upAt } = concatOrder(skip, x, upNode);
  if (skip.pad) {
    // The skip keeps its size; the up-sampled map is padded at the far end to it.
    const align = { kind: 'pad_to', target: 1 - upAt, mode: skip.pad } as const;
    const padIds = inputs.map((_, p) => (p === upAt ? `dec${i}_pad` : undefined));
    return b.merge(`dec${i}_concat`, 'concat', inputs, align, role, skip.$path, padIds);
  }
  const align =
    skip.kind === 'concat' ? ({ kind: 'exact' } as const) : ({ kind: 'crop_to', target: upAt } as const);
  const cropIds = inputs.map((_, p) => (p === upAt ? undefined : `dec${i}_crop`));
  return b.merge(`dec${i}_concat`, 'concat', inputs, align, role, skip.$path, cropIds);
}

/** Expands levels depth−1 … 0 on top of the encoder outputs; returns the level-0 decoder output. */
export function expandPlainDecoder(
  b: NetBuilder,
  levels: readonly LevelSpec[],
  encoderOut: readonly number[],
  dims: number,
  grid: Map<string, number>,
): number {
  const depth = levels.length - 1;
  let y = encoderOut[depth] ?? 0;
  for (let i = depth - 1; i >= 0; i--) {
    const level = levels[i];
    if (!level?.up || !level.decoder) continue;
    const role: IrRole = { stage: 'up', level: i, column: depth - i };
    const up = expandUp(b, y, level.up, level.filters, `dec${i}`, role);
    const blockRole: IrRole = { stage: 'decoder', level: i, column: depth - i };
    if (level.decoder.merge === 'last') {
      // The block refines the up-sampled map; the merged map is what the next up-sampling reads.
      const refined = expandConvBlock(b, up, level.decoder, level.filters, `dec${i}`, blockRole);
      y = mergeSkip(b, level, encoderOut[i] ?? 0, refined, y, level.decoder.padding, dims);
    } else {
      const merged = mergeSkip(b, level, encoderOut[i] ?? 0, up, y, level.decoder.padding, dims);
      y = expandConvBlock(b, merged, level.decoder, level.filters, `dec${i}`, blockRole);
    }
    grid.set(nodeName(i, depth - i), y);
  }
  return y;
}

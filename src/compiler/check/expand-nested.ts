/**
 * U-Net++ (Zhou et al. 2018): nodes X(i, j) with i + j ≤ depth; X(i, 0) is the encoder and
 * X(i, j) = H([X(i, 0), …, X(i, j − 1), U(X(i + 1, j − 1))]) with U the level's up-sampling to
 * f_i channels and H the level's decoder block. With valid padding every input is centre-cropped
 * to the smallest. Ids: x<i>_<j>_up…, x<i>_<j>_concat (crops x<i>_<j>_concat_crop<p>), x<i>_<j>_conv<k>…
 */
import type { IrRole } from '../ir/ir.js';
import type { NetworkSpec } from '../spec/model-spec.js';
import { expandConvBlock } from './conv-block.js';
import type { NetBuilder } from './net-builder.js';
import { expandUp } from './sampling.js';
import { nodeName } from './supervision.js';

export function expandNestedDecoder(
  b: NetBuilder,
  net: NetworkSpec,
  encoder: readonly number[],
  grid: Map<string, number>,
): void {
  const depth = net.depth;
  // Column by column, so every X(i + 1, j − 1) exists before X(i, j) needs it.
  for (let j = 1; j <= depth; j++) {
    for (let i = depth - j; i >= 0; i--) {
      const level = net.levels[i];
      const coarse = grid.get(nodeName(i + 1, j - 1));
      if (!level?.up || !level.decoder || coarse === undefined) continue;
      const prefix = `x${i}_${j}`;
      const up = expandUp(b, coarse, level.up, level.filters, prefix, {
        stage: 'up',
        level: i,
        column: j,
      });
      const same: number[] = [];
      for (let k = 0; k < j; k++) same.push(grid.get(nodeName(i, k)) ?? encoder[i] ?? 0);
      const skip = level.skip;
      const inputs = skip?.order === 'up_first' ? [up, ...same] : [...same, up];
      const valid = level.decoder.padding === 'valid' || level.encoder.padding === 'valid';
      const role: IrRole = { stage: 'skip', level: i, column: j };
      const upAt = inputs.indexOf(up);
      // Padded to the skips (MONAI's BasicUNetPlusPlus UpCat), else cropped (valid) or exact.
      const align = skip?.pad
        ? ({ kind: 'pad_to', target: upAt === 0 ? 1 : 0, mode: skip.pad } as const)
        : valid
          ? ({ kind: 'crop_to_smallest' } as const)
          : ({ kind: 'exact' } as const);
      const padIds = skip?.pad ? inputs.map((_, p) => (p === upAt ? `${prefix}_pad` : undefined)) : undefined;
      const merged = b.merge(
        `${prefix}_concat`,
        'concat',
        inputs,
        align,
        role,
        skip?.$path ?? level.$path,
        padIds,
      );
      const out = expandConvBlock(b, merged, level.decoder, level.filters, prefix, {
        stage: 'decoder',
        level: i,
        column: j,
      });
      grid.set(nodeName(i, j), out);
    }
  }
}

/**
 * UNet 3+ full-scale skips (Huang et al. 2020): decoder level i concatenates every encoder level
 * k ≤ i (max-pooled down to level i's grid) and every deeper decoder level and the bottleneck
 * (up-sampled to it), each projected by one conv of the level's decoder block to `scaleFilters`
 * channels; the level's decoder block then fuses them. Ids: fs<i>_from_e<k>_pool, fs<i>_from_d<k>_up,
 * fs<i>_from_{e,d}<k>_conv1…, fs<i>_concat, dec<i>_conv<k>…
 */
import type { IrRole } from '../ir/ir.js';
import type { ConvBlockSpec, NetworkSpec } from '../spec/model-spec.js';
import { expandConvBlock } from './conv-block.js';
import type { NetBuilder } from './net-builder.js';
import { nodeName } from './supervision.js';

/** Product of the down strides between levels `from` and `to` (from < to), per axis. */
function strideBetween(net: NetworkSpec, from: number, to: number): number[] {
  const f = net.inputSize.map(() => 1);
  for (let l = from; l < to; l++)
    (net.levels[l]?.down?.stride ?? []).forEach((s, a) => (f[a] = (f[a] ?? 1) * s));
  return f;
}

export function expandFullScaleDecoder(
  b: NetBuilder,
  net: NetworkSpec,
  encoder: readonly number[],
  grid: Map<string, number>,
): void {
  const depth = net.depth;
  const decoded: number[] = [];
  decoded[depth] = encoder[depth] ?? 0;
  for (let i = depth - 1; i >= 0; i--) {
    const level = net.levels[i];
    if (!level?.decoder) continue;
    const block = level.decoder;
    if ((block.padding === 'valid' || level.encoder.padding === 'valid') && !b.sizesUnreliable) {
      b.report('FullScaleNeedsSamePadding', block.$path, { level: i });
      b.sizesUnreliable = true;
    }
    const scaleFilters = level.skip?.scaleFilters ?? net.levels[0]?.filters ?? 64;
    const projection: ConvBlockSpec = {
      ...block,
      convs: 1,
      residual: false,
      dropout: null,
      filters: [scaleFilters],
    };
    const role: IrRole = { stage: 'skip', level: i, column: depth - i };
    const parts: number[] = [];
    for (let k = 0; k <= depth; k++) {
      let x = k <= i ? (encoder[k] ?? 0) : (decoded[k] ?? 0);
      const tag = k <= i ? `e${k}` : `d${k}`;
      if (k < i) {
        const f = strideBetween(net, k, i);
        x = b.add({
          id: `fs${i}_from_${tag}_pool`,
          attrs: { op: 'max_pool', pool: f, strides: f, padding: 'valid' },
          inputs: [x],
          channels: b.channels(x),
          role,
          origin: level.skip?.$path ?? level.$path,
        });
      } else if (k > i) {
        const f = strideBetween(net, i, k);
        const kind = level.up?.kind === 'nearest' ? 'nearest' : 'bilinear';
        x = b.add({
          id: `fs${i}_from_${tag}_up`,
          attrs: { op: 'upsample', size: f, interpolation: kind },
          inputs: [x],
          channels: b.channels(x),
          role,
          origin: level.up?.$path ?? level.$path,
        });
      }
      parts.push(expandConvBlock(b, x, projection, scaleFilters, `fs${i}_from_${tag}`, role));
    }
    const merged = b.merge(
      `fs${i}_concat`,
      'concat',
      parts,
      { kind: 'exact' },
      role,
      level.skip?.$path ?? level.$path,
    );
    decoded[i] = expandConvBlock(b, merged, block, level.filters, `dec${i}`, {
      stage: 'decoder',
      level: i,
      column: depth - i,
    });
    grid.set(nodeName(i, depth - i), decoded[i]!);
  }
}

/**
 * The contracting path: encoder level i = block on the input (i = 0) or on down(level i − 1);
 * level `depth` is the bottleneck. Ids: input, enc<i>_conv<k>…, down<i>_pool | down<i>_conv…,
 * bottleneck_conv<k>…
 */
import type { IrRole } from '../ir/ir.js';
import type { NetworkSpec } from '../spec/model-spec.js';
import { expandConvBlock } from './conv-block.js';
import type { NetBuilder } from './net-builder.js';
import { expandDown } from './sampling.js';

/** Adds the input layer and the encoder; returns the output node of every level (index = level). */
export function expandEncoder(b: NetBuilder, net: NetworkSpec): number[] {
  const input = b.add({
    id: 'input',
    attrs: { op: 'input' },
    inputs: [],
    channels: net.inputChannels,
    role: { stage: 'input', level: 0, column: 0 },
    origin: `${net.$path}/input`,
  });
  const outs: number[] = [];
  let x = input;
  for (let i = 0; i <= net.depth; i++) {
    const level = net.levels[i];
    if (!level) break;
    const prev = net.levels[i - 1];
    if (i > 0 && prev?.down) x = expandDown(b, x, prev.down, level, i - 1, prev.skip?.pad !== undefined);
    const stride = level.encoder.stride;
    if (prev?.down?.kind === 'block' && level.encoder.convs === 0 && stride.some((s) => s !== 1)) {
      b.report('BlockDownWithoutConv', prev.down.$path, { level: i - 1, next: i, stride: stride.join('×') });
      b.sizesUnreliable = true;
    }
    const bottleneck = i === net.depth;
    const role: IrRole = { stage: bottleneck ? 'bottleneck' : 'encoder', level: i, column: 0 };
    x = expandConvBlock(b, x, level.encoder, level.filters, bottleneck ? 'bottleneck' : `enc${i}`, role);
    outs.push(x);
  }
  return outs;
}

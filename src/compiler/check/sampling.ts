/** Down-sampling between encoder levels and up-sampling into decoder levels. */
import { assertNever } from '../../common/assert-never.js';
import type { IrRole } from '../ir/ir.js';
import type { ConvBlockSpec, DownSpec, LevelSpec, UpSpec } from '../spec/model-spec.js';
import { fusableActivation, type NetBuilder } from './net-builder.js';

/**
 * Down-sampling from level `from` to level `from + 1`: `down<from>_pool`, or a strided conv
 * `down<from>_conv` to the next level's filters (MONAI / nnU-Net: it is that level's first conv),
 * followed by the next level's norm and activation when `normAct`.
 */
export function expandDown(
  b: NetBuilder,
  x: number,
  down: DownSpec,
  next: LevelSpec,
  from: number,
  padded = false,
): number {
  const role: IrRole = { stage: 'down', level: from, column: 0 };
  switch (down.kind) {
    case 'block':
      // The next level's block strides its first conv itself.
      return x;
    case 'maxpool':
    case 'avgpool':
      return pool(b, x, down, down.kind, from, role, padded);
    case 'conv':
      return stridedConv(b, x, down, next, from, role);
    default:
      return assertNever(down.kind, 'down-sampling kind');
  }
}

const poolOps: Readonly<Record<'maxpool' | 'avgpool', 'max_pool' | 'avg_pool'>> = {
  maxpool: 'max_pool',
  avgpool: 'avg_pool',
};

function pool(
  b: NetBuilder,
  x: number,
  down: DownSpec,
  kind: keyof typeof poolOps,
  from: number,
  role: IrRole,
  padded: boolean,
): number {
  return b.add({
    id: `down${from}_pool`,
    attrs: {
      op: poolOps[kind],
      pool: down.kernel,
      strides: down.stride,
      padding: 'valid',
    },
    inputs: [x],
    channels: b.channels(x),
    role,
    origin: down.$path,
    floorRounds: padded,
  });
}

function stridedConv(
  b: NetBuilder,
  x: number,
  down: DownSpec,
  next: LevelSpec,
  from: number,
  role: IrRole,
): number {
  const block: ConvBlockSpec = next.encoder;
  const fused = down.normAct && block.norm.kind === 'none' ? fusableActivation(block.activation) : 'linear';
  let y = b.conv(
    `down${from}_conv`,
    x,
    {
      filters: next.filters,
      kernel: down.kernel,
      strides: down.stride,
      dilation: down.kernel.map(() => 1),
      padding: down.padding,
      useBias: block.bias,
      activation: fused ?? 'linear',
    },
    role,
    down.$path,
  );
  if (down.normAct) {
    y = b.norm(`down${from}_norm`, y, block.norm, role);
    if (fused === null || (block.norm.kind !== 'none' && block.activation.kind !== 'linear')) {
      y = b.activation(`down${from}_act`, y, block.activation, role);
    }
  }
  return y;
}

/** Output channels of an up-sampling into a level with `filters` channels from a map with `coarse` channels. */
export function upFilters(up: UpSpec, filters: number, coarse: number): number {
  if (up.filters === 'halve') return filters;
  if (up.filters === 'same') return coarse;
  return up.filters;
}

/**
 * Up-sampling into a level: `<prefix>_up` (transposed conv); or a resize `<prefix>_up` with its conv
 * `<prefix>_up_conv` after it (default), before it, or none; then `_up_norm` and `_up_act` when asked
 * for. `none` adds no layer at all.
 */
export function expandUp(
  b: NetBuilder,
  x: number,
  up: UpSpec,
  filters: number,
  prefix: string,
  role: IrRole,
): number {
  if (up.kind === 'none') return x;
  const out = upFilters(up, filters, b.channels(x));
  const fused = up.norm ? 'linear' : fusableActivation(up.activation);
  const hasConv = up.kind === 'transpose' || up.conv !== 'none';
  let y: number;
  if (up.kind === 'transpose') {
    y = b.convTranspose(
      `${prefix}_up`,
      x,
      {
        filters: out,
        kernel: up.kernel,
        strides: up.stride,
        padding: up.padding,
        outputPadding: up.outputPadding,
        useBias: up.bias,
        activation: fused ?? 'linear',
      },
      role,
      up.$path,
    );
  } else {
    const kind = up.kind;
    const resize = (input: number, id: string) =>
      b.add({
        id,
        attrs: { op: 'upsample', size: up.stride, interpolation: kind },
        inputs: [input],
        channels: b.channels(input),
        role,
        origin: up.$path,
      });
    const conv = (input: number) =>
      b.conv(
        `${prefix}_up_conv`,
        input,
        {
          filters: out,
          kernel: up.kernel,
          strides: up.kernel.map(() => 1),
          dilation: up.kernel.map(() => 1),
          padding: 'same',
          useBias: up.bias,
          activation: fused ?? 'linear',
        },
        role,
        up.$path,
      );
    if (up.conv === 'before') y = resize(conv(x), `${prefix}_up`);
    else if (up.conv === 'none') y = resize(x, `${prefix}_up`);
    else y = conv(resize(x, `${prefix}_up`));
  }
  if (!hasConv) return y;
  if (up.norm) y = b.norm(`${prefix}_up_norm`, y, up.norm, role);
  if (up.activation && up.activation.kind !== 'linear' && (fused === null || up.norm)) {
    y = b.activation(`${prefix}_up_act`, y, up.activation, role);
  }
  return y;
}

import type { Dims, InitKind, NetworkSpec } from '../model-spec.js';
import { asObject, child, intOr, oneOf, type Located, type NormalizeContext } from './context.js';
import { normalizeHead, normalizeSupervision } from './head.js';
import { normalizeLevels } from './levels.js';

/** The paper's tile: 572 × 572, one channel. */
const paperInput = [572, 572, 1];

/** `572 x 572 x 1` (a list) or, from YAML, the string "572x572x1". */
export function readShape(value: unknown): number[] | undefined {
  if (Array.isArray(value))
    return value.every((v) => typeof v === 'number') ? (value as number[]) : undefined;
  if (typeof value === 'string' && /^\d+(\s*[x×]\s*\d+)+$/.test(value))
    return value.split(/\s*[x×]\s*/).map(Number);
  return undefined;
}

function inputShape(
  ctx: NormalizeContext,
  net: Located,
  override: readonly number[] | undefined,
): { dims: Dims; size: number[]; channels: number } {
  const loc = child(net, 'input');
  const shape = readShape(loc.value);
  const valid = shape && (shape.length === 3 || shape.length === 4) ? shape : undefined;
  if (shape && !valid) ctx.report('InputDims', loc.pointer, { count: shape.length });
  const full = valid ?? paperInput;
  const dims = (full.length - 1) as Dims;
  let size = full.slice(0, -1);
  if (override) {
    if (override.length === dims) size = [...override];
    else ctx.report('InputSizeOverride', loc.pointer, { actual: override.length, dims });
  }
  return { dims, size, channels: full[full.length - 1]! };
}

export interface NetworkOptions {
  readonly inputSize?: readonly number[];
  /** Classes named by the data section, the default for `classes`. */
  readonly dataClasses?: number;
}

/** `network { … }` → NetworkSpec; anything not written takes the paper's value. */
export function normalizeNetwork(ctx: NormalizeContext, net: Located, options: NetworkOptions): NetworkSpec {
  const { dims, size, channels } = inputShape(ctx, net, options.inputSize);
  const classes = intOr(child(net, 'classes').value, options.dataClasses ?? 2);
  const depth = intOr(child(net, 'depth').value, 4);
  const levels = normalizeLevels(ctx, net, dims, depth);
  const nested = levels.some((l) => l.skip?.kind === 'nested');
  const supervision = child(net, 'supervision');
  return {
    $path: net.pointer,
    dims,
    inputSize: size,
    inputChannels: channels,
    classes,
    depth,
    levels,
    head: normalizeHead(ctx, child(net, 'head'), dims, classes),
    supervision: asObject(supervision.value) ? normalizeSupervision(ctx, supervision, depth, nested) : null,
    init: oneOf<InitKind>(
      child(net, 'init').value,
      ['paper', 'he_normal', 'he_uniform', 'glorot_normal', 'glorot_uniform'],
      'paper',
    ),
  };
}

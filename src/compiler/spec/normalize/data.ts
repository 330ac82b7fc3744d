import { childPointer } from '../document.js';
import type { NetworkSpec } from '../model-spec.js';
import type { DataSpec, Normalization, TilingSpec, WeightMapSpec } from '../pipeline-spec.js';
import { keyOfPointer } from '../describe.js';
import {
  asCall,
  asObject,
  boolOr,
  child,
  numberOr,
  oneOf,
  type Located,
  type NormalizeContext,
} from './context.js';
import { readShape } from './network.js';
import { fraction, pixels } from './quantities.js';
import { parseQuantity } from './units.js';

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `classes { membrane: 0, cell: 255 }`: class index = position, mask value = the number. */
function classMap(ctx: NormalizeContext, loc: Located): DataSpec['classMap'] {
  const seen = new Map<number, string>();
  const result: { value: number; classIndex: number; name: string }[] = [];
  for (const [name, value] of Object.entries(asObject(loc.value) ?? {})) {
    if (typeof value !== 'number') continue;
    const first = seen.get(value);
    if (first !== undefined) {
      ctx.report('DuplicateClassValue', childPointer(loc.pointer, name), { value, first, second: name });
      continue;
    }
    seen.set(value, name);
    result.push({ value, classIndex: result.length, name });
  }
  return result;
}

function normalization(loc: Located): Normalization {
  const call = asCall(loc.value);
  switch (call?.['type']) {
    case 'range':
      return { kind: 'range', min: numberOr(call['min'], 0), max: numberOr(call['max'], 255) };
    case 'mean_std':
      return { kind: 'mean_std', mean: numberOr(call['mean'], 0), std: numberOr(call['std'], 1) };
    case 'none':
      return { kind: 'none' };
    default:
      return { kind: 'per_image' };
  }
}

/** The paper's weight map: w0 = 10, σ = 5 px, class balancing on, every class but 0 in the foreground. */
function weightMap(loc: Located, classes: number): WeightMapSpec | null {
  if (loc.value === 'none') return null;
  const foreground = child(loc, 'foreground').value;
  return {
    $path: loc.pointer,
    w0: numberOr(child(loc, 'w0').value, 10),
    sigma: pixels(child(loc, 'sigma'), 5),
    classBalance: boolOr(child(loc, 'class_balance').value, true),
    foreground: Array.isArray(foreground)
      ? foreground.filter((v): v is number => typeof v === 'number')
      : Array.from({ length: Math.max(classes - 1, 1) }, (_, i) => i + 1),
  };
}

/** A tile size per spatial axis: written (spatial only) or the network's input size. */
function tile(ctx: NormalizeContext, loc: Located, network: NetworkSpec): number[] {
  const shape = readShape(loc.value);
  if (!shape) return [...network.inputSize];
  if (shape.length !== network.dims) {
    ctx.report('WrongLength', loc.pointer, {
      key: keyOfPointer(loc.pointer),
      actual: shape.length,
      expected: `${network.dims} (spatial axes only, no channels)`,
    });
    return [...network.inputSize];
  }
  return shape;
}

function overlap(ctx: NormalizeContext, loc: Located, dims: number): number[] {
  if (Array.isArray(loc.value)) {
    const values = loc.value.map((v, i) => pixels({ value: v, pointer: childPointer(loc.pointer, i) }, 0));
    if (values.length !== dims)
      ctx.report('WrongLength', loc.pointer, { key: 'overlap', actual: values.length, expected: `${dims}` });
    return Array.from({ length: dims }, (_, i) => values[i] ?? values[0] ?? 0);
  }
  return Array.from({ length: dims }, () => pixels(loc, 0));
}

function tiling(ctx: NormalizeContext, loc: Located, tileLoc: Located, network: NetworkSpec): TilingSpec {
  return {
    $path: loc.pointer,
    tile: tile(ctx, tileLoc, network),
    overlap: overlap(ctx, child(loc, 'overlap'), network.dims),
    blend: oneOf(child(loc, 'blend').value, ['none', 'mean', 'gaussian'] as const, 'none'),
  };
}

/** `spacing: [3, 1, 1]`: one voxel size per spatial axis ((z,) y, x); absent or `none`: no resampling. */
function spacing(ctx: NormalizeContext, loc: Located, dims: number): { spacing?: number[] } {
  if (!Array.isArray(loc.value)) return {};
  const values = loc.value.filter((v): v is number => typeof v === 'number' && v > 0);
  if (values.length !== dims || values.length !== loc.value.length) {
    if (values.length === loc.value.length)
      ctx.report('WrongLength', loc.pointer, {
        key: 'spacing',
        actual: values.length,
        expected: `${dims} ((z,) y, x)`,
      });
    return {};
  }
  return { spacing: values };
}

/** `data { … }` → DataSpec, or null when the spec has no data section. */
export function normalizeData(ctx: NormalizeContext, loc: Located, network: NetworkSpec): DataSpec | null {
  if (!asObject(loc.value)) return null;
  const validationLoc = child(loc, 'validation');
  const validation: DataSpec['validation'] = asObject(validationLoc.value)
    ? {
        images: strings(child(validationLoc, 'images').value),
        masks: strings(child(validationLoc, 'masks').value),
      }
    : { fraction: validationLoc.value === undefined ? 0.2 : fraction(ctx, validationLoc, 0.2) };
  const ignore = parseQuantity(child(loc, 'ignore').value);
  const predict = child(loc, 'predict');
  return {
    $path: loc.pointer,
    images: strings(child(loc, 'images').value),
    masks: strings(child(loc, 'masks').value),
    classMap: classMap(ctx, child(loc, 'classes')),
    ignoreValue: ignore ? ignore.value : null,
    normalize: normalization(child(loc, 'normalize')),
    border: oneOf(child(loc, 'border').value, ['mirror', 'zero', 'edge'] as const, 'mirror'),
    ...spacing(ctx, child(loc, 'spacing'), network.dims),
    validation,
    weightMap: weightMap(child(loc, 'weight_map'), network.classes),
    train: tiling(ctx, loc, child(loc, 'tile'), network),
    predict: tiling(ctx, predict, child(predict, 'tile'), network),
  };
}

import { childPointer } from '../document.js';
import type { Dims } from '../model-spec.js';
import type { AugmentSpec, Range } from '../pipeline-spec.js';
import { axisNames, perAxis } from './axes.js';
import { asObject, child, oneOf, type Located, type NormalizeContext } from './context.js';
import { pixels, probability, range } from './quantities.js';

function present(loc: Located): boolean {
  return asObject(loc.value) !== undefined;
}

/** `flip { axes: [x, y] }` → axis indices in input order; all spatial axes by default. */
function flipAxes(ctx: NormalizeContext, loc: Located, dims: Dims): number[] {
  const names = axisNames(dims);
  if (!Array.isArray(loc.value)) return names.map((_, i) => i);
  const axes: number[] = [];
  loc.value.forEach((name, i) => {
    const index = typeof name === 'string' ? names.indexOf(name) : -1;
    if (index < 0)
      ctx.report('AxisName', childPointer(loc.pointer, i), {
        axis: String(name),
        dims,
        axes: names.join(', '),
      });
    else if (!axes.includes(index)) axes.push(index);
  });
  return axes.sort();
}

type Ranged = { p: number; range: Range; $path: string } | null;

/**
 * `augment { … }` → AugmentSpec; only the transformations written are enabled, each with the
 * defaults of the paper where it gives them (elastic: 3×3 grid, σ = 10 px, bicubic).
 */
export function normalizeAugment(ctx: NormalizeContext, loc: Located, dims: Dims): AugmentSpec | null {
  if (!asObject(loc.value)) return null;
  const ranged = (key: string, fallback: Range, p = 0.5, limits: { min?: number } = {}): Ranged => {
    const a = child(loc, key);
    if (!present(a)) return null;
    return {
      p: probability(ctx, child(a, 'p'), p),
      range: range(ctx, child(a, 'range'), fallback, limits),
      $path: a.pointer,
    };
  };
  const elastic = child(loc, 'elastic');
  const flip = child(loc, 'flip');
  const rotate90 = child(loc, 'rotate90');
  const noise = child(loc, 'noise');
  return {
    $path: loc.pointer,
    elastic: present(elastic)
      ? {
          $path: elastic.pointer,
          p: probability(ctx, child(elastic, 'p'), 1),
          grid: perAxis(ctx, child(elastic, 'grid'), dims, 3),
          sigma: pixels(child(elastic, 'sigma'), 10),
          interpolation: oneOf(
            child(elastic, 'interpolation').value,
            ['bicubic', 'bilinear'] as const,
            'bicubic',
          ),
        }
      : null,
    flip: present(flip)
      ? {
          p: probability(ctx, child(flip, 'p'), 0.5),
          axes: flipAxes(ctx, child(flip, 'axes'), dims),
          $path: flip.pointer,
        }
      : null,
    rotate90: present(rotate90)
      ? { p: probability(ctx, child(rotate90, 'p'), 0.5), $path: rotate90.pointer }
      : null,
    rotate: ranged('rotate', { min: -15, max: 15 }),
    scale: ranged('scale', { min: 0.9, max: 1.1 }, 0.5, { min: Number.MIN_VALUE }),
    shift: ranged('shift', { min: -10, max: 10 }),
    brightness: ranged('brightness', { min: -0.1, max: 0.1 }),
    contrast: ranged('contrast', { min: 0.9, max: 1.1 }, 0.5, { min: 0 }),
    gamma: ranged('gamma', { min: 0.8, max: 1.25 }, 0.5, { min: Number.MIN_VALUE }),
    noise: present(noise)
      ? {
          p: probability(ctx, child(noise, 'p'), 0.5),
          std: range(ctx, child(noise, 'std'), { min: 0, max: 0.05 }, { min: 0 }),
          $path: noise.pointer,
        }
      : null,
  };
}

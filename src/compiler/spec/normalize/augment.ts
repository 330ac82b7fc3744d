import { augmentations, elasticSettings, type AugmentationKind } from '../../vocabulary/augmentations.js';
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
 * defaults of its descriptor (src/compiler/vocabulary/augmentations.ts).
 */
export function normalizeAugment(ctx: NormalizeContext, loc: Located, dims: Dims): AugmentSpec | null {
  if (!asObject(loc.value)) return null;
  const p = (a: Located, kind: AugmentationKind) => probability(ctx, child(a, 'p'), augmentations[kind].p);
  const sampled = (a: Located, kind: AugmentationKind): Range => {
    const described = augmentations[kind].range!;
    const limits = described.minimum !== undefined ? { min: described.minimum } : {};
    return range(ctx, child(a, described.key), described.defaults, limits);
  };
  const ranged = (kind: AugmentationKind): Ranged => {
    const a = child(loc, kind);
    if (!present(a)) return null;
    return { p: p(a, kind), range: sampled(a, kind), $path: a.pointer };
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
          p: p(elastic, 'elastic'),
          grid: perAxis(ctx, child(elastic, 'grid'), dims, elasticSettings.grid),
          sigma: pixels(child(elastic, 'sigma'), elasticSettings.sigma),
          interpolation: oneOf(
            child(elastic, 'interpolation').value,
            elasticSettings.interpolations,
            elasticSettings.interpolations[0],
          ),
        }
      : null,
    flip: present(flip)
      ? { p: p(flip, 'flip'), axes: flipAxes(ctx, child(flip, 'axes'), dims), $path: flip.pointer }
      : null,
    rotate90: present(rotate90) ? { p: p(rotate90, 'rotate90'), $path: rotate90.pointer } : null,
    rotate: ranged('rotate'),
    scale: ranged('scale'),
    shift: ranged('shift'),
    brightness: ranged('brightness'),
    contrast: ranged('contrast'),
    gamma: ranged('gamma'),
    noise: present(noise)
      ? { p: p(noise, 'noise'), std: sampled(noise, 'noise'), $path: noise.pointer }
      : null,
  };
}

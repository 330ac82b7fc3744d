import type { AugmentSpec } from '../../../compiler/spec/pipeline-spec.js';
import type { Rng } from '../rng.js';
import {
  flipMatrix,
  identityMatrix,
  multiply,
  rotationMatrix,
  scaleMatrix,
  type SpatialTransform,
} from './affine.js';
import { drawElasticControl, type ElasticControl } from './elastic-field.js';
import { drawIntensityPlan, type IntensityPlan } from './intensity.js';
import type { Interpolation } from './resample.js';

/** Everything random about one augmented sample, drawn up front from one seeded stream. */
export interface AugmentPlan {
  /** Output offsets → source offsets (flips, rot90, rotation, scaling), dims×dims row-major. */
  readonly matrix: Float64Array;
  /** Added to the source centre, pixels per axis. */
  readonly shift: readonly number[];
  readonly elastic: ElasticControl | null;
  /** Image sampling; masks always use nearest, weight maps linear. */
  readonly imageInterpolation: Interpolation;
  readonly intensity: IntensityPlan | null;
  /** True when the spatial part is the identity (then sampling is a plain copy). */
  readonly spatialIdentity: boolean;
}

/**
 * Draw an augmentation for one sample. Each option fires with its own probability; the stream
 * consumption is fixed (every value is drawn whether used or not), so a sample's draws depend
 * only on its seed, never on which options happened to fire.
 */
export function drawAugmentPlan(spec: AugmentSpec | null, rng: Rng, dims: 2 | 3): AugmentPlan {
  let m = identityMatrix(dims);
  let identity = true;
  const shift = new Array<number>(dims).fill(0);
  if (spec === null) {
    return {
      matrix: m,
      shift,
      elastic: null,
      imageInterpolation: 'cubic',
      intensity: null,
      spatialIdentity: true,
    };
  }
  const flipAxes = spec.flip?.axes ?? [];
  for (let a = 0; a < dims; a++) {
    const on = rng.next() < (spec.flip?.p ?? 0);
    if (on && flipAxes.includes(a)) {
      m = multiply(m, flipMatrix(dims, a), dims);
      identity = false;
    }
  }
  const rot90On = rng.next() < (spec.rotate90?.p ?? 0);
  const quarter = 1 + rng.int(3);
  if (spec.rotate90 !== null && rot90On) {
    m = multiply(m, rotationMatrix(dims, (quarter * Math.PI) / 2), dims);
    identity = false;
  }
  const rotOn = rng.next() < (spec.rotate?.p ?? 0);
  const degrees = rng.uniform(spec.rotate?.range.min ?? 0, spec.rotate?.range.max ?? 0);
  if (spec.rotate !== null && rotOn && degrees !== 0) {
    m = multiply(m, rotationMatrix(dims, (degrees * Math.PI) / 180), dims);
    identity = false;
  }
  const scaleOn = rng.next() < (spec.scale?.p ?? 0);
  const factor = rng.uniform(spec.scale?.range.min ?? 1, spec.scale?.range.max ?? 1);
  if (spec.scale !== null && scaleOn && factor !== 1 && factor > 0) {
    m = multiply(m, scaleMatrix(dims, factor), dims);
    identity = false;
  }
  const shiftOn = rng.next() < (spec.shift?.p ?? 0);
  for (let a = 0; a < dims; a++) {
    const v = rng.uniform(spec.shift?.range.min ?? 0, spec.shift?.range.max ?? 0);
    if (spec.shift !== null && shiftOn) shift[a] = v;
  }
  if (shift.some((s) => s !== 0)) identity = false;
  const elasticOn = rng.next() < (spec.elastic?.p ?? 0);
  const elasticRng = rng.split();
  let elastic: ElasticControl | null = null;
  if (spec.elastic !== null && elasticOn && spec.elastic.sigma > 0) {
    const grid =
      dims === spec.elastic.grid.length
        ? spec.elastic.grid
        : new Array<number>(dims).fill(spec.elastic.grid[0] ?? 3);
    elastic = drawElasticControl(elasticRng, grid, spec.elastic.sigma);
    identity = false;
  }
  const imageInterpolation: Interpolation = spec.elastic?.interpolation === 'bilinear' ? 'linear' : 'cubic';
  const intensity = drawIntensityPlan(spec, rng);
  return { matrix: m, shift, elastic, imageInterpolation, intensity, spatialIdentity: identity };
}

/** The spatial transform of a plan for an output window centred at `sourceCenter`. */
export function planTransform(plan: AugmentPlan, sourceCenter: readonly number[]): SpatialTransform {
  return {
    matrix: plan.matrix,
    sourceCenter: sourceCenter.map((c, a) => c + plan.shift[a]!),
    elastic: plan.elastic,
  };
}

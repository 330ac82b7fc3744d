import { coordinateMap, translation } from '../../src/runtime/data/augment/affine.js';
import { drawElasticControl } from '../../src/runtime/data/augment/elastic-field.js';
import { resample } from '../../src/runtime/data/augment/resample.js';
import { makeImage } from '../../src/runtime/data/image.js';
import { Rng } from '../../src/runtime/data/rng.js';
import type { BenchRow, BenchSuite } from '../suite.js';
import { runScipyReference, timeIt, timingNote } from '../data-scipy.js';

const SIZE = 572;
const REPS = 20;

/**
 * The paper's elastic deformation of one 572² training tile: draw the 3×3 grid (σ = 10 px),
 * interpolate the dense field, and warp image (bicubic), mask (nearest) and weight map (linear)
 * with mirrored borders — unetc (one thread, in-process) against SciPy's map_coordinates doing
 * the same work in the same run.
 */
export const suite: BenchSuite = {
  name: 'data-elastic',
  async run(): Promise<BenchRow[]> {
    const caseName = `elastic ${SIZE}² image+mask+weight`;
    const rng = Rng.fromSeed(0);
    const shape = [SIZE, SIZE];
    const image = makeImage([SIZE, SIZE, 1]);
    const mask = makeImage([SIZE, SIZE, 1]);
    const weight = makeImage([SIZE, SIZE, 1]);
    for (let i = 0; i < image.data.length; i++) {
      image.data[i] = rng.next();
      mask.data[i] = rng.chance(0.5) ? 1 : 0;
      weight.data[i] = rng.next();
    }
    const centre = shape.map((s) => (s - 1) / 2);
    let fieldMs = 0;
    const t = timeIt(() => {
      const t0 = performance.now();
      const coords = coordinateMap(
        { ...translation(centre), elastic: drawElasticControl(rng, [3, 3], 10) },
        shape,
      );
      fieldMs += performance.now() - t0;
      resample(image, coords, shape, 'cubic');
      resample(mask, coords, shape, 'nearest');
      resample(weight, coords, shape, 'linear');
    }, REPS);
    const ours: BenchRow = {
      case: caseName,
      impl: 'unetc (TypeScript, 1 thread)',
      ms: t.mean,
      note: `${timingNote(t, REPS)}; field + coordinate map ≈ ${(fieldMs / (REPS + 1)).toFixed(1)} ms wall of it`,
    };
    return [ours, ...runScipyReference(['elastic', String(SIZE), String(REPS)], caseName)];
  },
};

export default suite;

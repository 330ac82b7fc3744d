import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AugmentSpec, DataSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { pairSources } from '../../src/runtime/data/pair-sources.js';
import { createBatchSource } from '../../src/runtime/data/prefetch/batch-source.js';
import { resolveImagePaths } from '../../src/runtime/data/resolve-paths.js';
import type { BenchRow, BenchSuite } from '../suite.js';

const ISBI = fileURLToPath(new URL('../../examples/isbi2012/data/', import.meta.url));
/** Two epochs of the 20 slices: the second shows the steady state (decoded samples cached). */
const STEPS = 40;

const paperAugment: AugmentSpec = {
  $path: '',
  elastic: { $path: '', p: 1, grid: [3, 3], sigma: 10, interpolation: 'bicubic' },
  flip: { p: 0.5, axes: [0, 1], $path: '' },
  rotate90: null,
  rotate: { p: 0.5, range: { min: -15, max: 15 }, $path: '' },
  scale: null,
  shift: { p: 0.5, range: { min: -10, max: 10 }, $path: '' },
  brightness: { p: 0.5, range: { min: -0.1, max: 0.1 }, $path: '' },
  contrast: { p: 0.5, range: { min: 0.9, max: 1.1 }, $path: '' },
  gamma: null,
  noise: null,
};

const data: Pick<DataSpec, 'classMap' | 'ignoreValue' | 'normalize' | 'weightMap'> = {
  classMap: [
    { value: 0, classIndex: 0, name: 'membrane' },
    { value: 255, classIndex: 1, name: 'cell' },
  ],
  ignoreValue: null,
  normalize: { kind: 'range', min: 0, max: 255 },
  weightMap: { $path: '', w0: 10, sigma: 5, classBalance: true, foreground: [1] },
};

/**
 * How long a training step waits for data: ISBI 2012 slices, paper augmentation, weight maps
 * (cached on disk after first use), 572² tiles → 388² labels, batch 1. The "step" is a sleep of
 * `stepMs` (the main thread idle, as while a GPU step runs); ms = mean wait per step after the
 * first (which also pays worker start-up), so 0 means data never held training up. Epoch 1
 * decodes every slice and computes its weight map; epoch 2 reuses them (LRU + disk cache).
 */
export const suite: BenchSuite = {
  name: 'data-prefetch',
  async run(): Promise<BenchRow[]> {
    const images = await resolveImagePaths(['image'], ISBI, 'images');
    const masks = await resolveImagePaths(['label'], ISBI, 'masks');
    const pairs = await pairSources(images, masks, ISBI, 2);
    const cacheDir = await mkdtemp(join(tmpdir(), 'unetc-bench-wmap-'));
    const rows: BenchRow[] = [];
    try {
      for (const [workers, stepMs] of [
        [0, 0],
        [1, 150],
        [2, 150],
        [2, 50],
      ] as const) {
        const source = createBatchSource({
          pairs,
          dataset: { dims: 2, data, cacheDir },
          augment: paperAugment,
          geometry: {
            input: [572, 572],
            labelCrop: [
              [92, 92],
              [92, 92],
            ],
          },
          border: 'mirror',
          seed: 1,
          batch: 1,
          workers,
          prefetch: 2,
          endStep: STEPS,
        });
        const waits: number[] = [];
        let last = performance.now();
        const cpu0 = process.cpuUsage();
        for await (const batch of source) {
          // Inline (no workers, no step): the time between batches is the data work per step.
          const now = performance.now();
          waits.push(workers === 0 ? now - last : batch.waitedMs);
          if (stepMs > 0) await sleep(stepMs);
          last = performance.now();
        }
        const cpu = process.cpuUsage(cpu0);
        await source.close();
        const steady = waits.slice(1);
        const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
        const mean = meanOf(steady);
        const epoch2 = meanOf(waits.slice(pairs.length));
        rows.push({
          case: 'data wait per step (ISBI 572² tile, paper augmentation, batch 1)',
          impl: workers === 0 ? 'inline (no workers, no step)' : `${workers} worker(s), ${stepMs} ms step`,
          ms: mean,
          note:
            `mean ${epoch2.toFixed(1)} ms in epoch 2 (samples cached), max ${Math.max(...steady).toFixed(1)} ms, ` +
            `first step ${waits[0]!.toFixed(0)} ms, ${STEPS} steps, load avg ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores` +
            (workers === 0
              ? ` — inline: ms = data work per step (wall); main-thread CPU ${((cpu.user + cpu.system) / 1000 / STEPS).toFixed(1)} ms/step`
              : ''),
        });
      }
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
    return rows;
  },
};

export default suite;

import { performance } from 'node:perf_hooks';
import { InlineProducer, WorkerPool, type TileOutput, type TileProducer } from './worker-pool.js';
import type { TileJobConfig } from './tile-task.js';

export interface BatchSourceOptions extends TileJobConfig {
  /** Tiles per batch. */
  readonly batch: number;
  /** Data worker threads; 0 runs everything on the calling thread. */
  readonly workers: number;
  /** Batches prepared ahead of the one being consumed (default 2). */
  readonly prefetch?: number;
  /** First step to produce (resume: the batches of a step depend only on seed and step). */
  readonly startStep?: number;
  /** Stop after this step (exclusive); default: endless. */
  readonly endStep?: number;
}

export interface Batch {
  readonly step: number;
  /** Channels-last, `imageShape` = [N, ...input, C]. */
  readonly images: Float32Array;
  readonly imageShape: readonly number[];
  /** Class indices (−1 = ignore), `labelShape` = [N, ...output, 1]; null without masks. */
  readonly labels: Float32Array | null;
  readonly weights: Float32Array | null;
  readonly labelShape: readonly number[];
  readonly ids: readonly string[];
  /** How long `next()` blocked waiting for this batch (0 when it was already prefetched). */
  readonly waitedMs: number;
}

export interface WaitStats {
  readonly steps: number;
  readonly totalWaitMs: number;
  readonly meanWaitMs: number;
  readonly maxWaitMs: number;
}

export interface BatchSource extends AsyncIterable<Batch> {
  /** The next batch; rejects with a DataError naming the file when a sample is bad. */
  next(): Promise<Batch>;
  /** Waiting-for-data statistics over the batches handed out so far. */
  stats(): WaitStats;
  close(): Promise<void>;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function assemble(step: number, tiles: readonly TileOutput[]): Omit<Batch, 'waitedMs'> {
  const first = tiles[0]!;
  const hasLabels = first.label !== null;
  const hasWeights = first.weight !== null;
  return {
    step,
    images: concat(tiles.map((t) => t.image.data)),
    imageShape: [tiles.length, ...first.image.shape],
    labels: hasLabels ? concat(tiles.map((t) => t.label!.data)) : null,
    weights: hasWeights ? concat(tiles.map((t) => t.weight!.data)) : null,
    labelShape: hasLabels ? [tiles.length, ...first.label!.shape] : [],
    ids: tiles.map((t) => t.id),
  };
}

/**
 * Prefetching batches of augmented training tiles. Loading and augmentation run on worker
 * threads (`workers` > 0), `prefetch` batches ahead, so a training step only waits when the
 * data work per step exceeds the step; `waitedMs` and `stats()` measure exactly that wait.
 * Batch contents depend only on (seed, step) — not on the worker count or timing.
 */
export function createBatchSource(options: BatchSourceOptions): BatchSource {
  if (options.pairs.length === 0) throw new Error('batch source: no training samples');
  const config: TileJobConfig = {
    pairs: options.pairs,
    dataset: options.dataset,
    augment: options.augment,
    geometry: options.geometry,
    border: options.border,
    seed: options.seed,
  };
  const producer: TileProducer =
    options.workers > 0 ? new WorkerPool(config, options.workers) : new InlineProducer(config);
  // Inline production shares the training thread: prefetching would only move the work into
  // the step's own awaits and hide it from `waitedMs`, so inline batches are made on demand.
  const inline = options.workers <= 0;
  const ahead = inline ? 0 : Math.max(1, options.prefetch ?? 2);
  const end = options.endStep ?? Infinity;
  const queue = new Map<number, Promise<Omit<Batch, 'waitedMs'>>>();
  let nextStep = options.startStep ?? 0;
  let scheduled = nextStep;
  const waits = { steps: 0, total: 0, max: 0 };

  const schedule = (): void => {
    while (scheduled < nextStep + 1 + ahead && scheduled < end) {
      const step = scheduled++;
      const draws = Array.from({ length: options.batch }, (_, b) =>
        producer.produce(step * options.batch + b),
      );
      const batch = Promise.all(draws).then((tiles) => assemble(step, tiles));
      batch.catch(() => {}); // surfaced by next(); avoid unhandled-rejection noise for prefetched steps
      queue.set(step, batch);
    }
  };

  if (!inline) schedule(); // start prefetching before the trainer asks
  const source: BatchSource = {
    async next(): Promise<Batch> {
      if (nextStep >= end) throw new Error(`batch source: all ${end} steps consumed`);
      const started = performance.now();
      schedule();
      const step = nextStep++;
      const pending = queue.get(step)!;
      queue.delete(step);
      const batch = await pending;
      const waitedMs = performance.now() - started;
      waits.steps++;
      waits.total += waitedMs;
      waits.max = Math.max(waits.max, waitedMs);
      if (!inline) schedule();
      return { ...batch, waitedMs };
    },
    stats(): WaitStats {
      const { steps, total, max } = waits;
      return { steps, totalWaitMs: total, meanWaitMs: steps === 0 ? 0 : total / steps, maxWaitMs: max };
    },
    async close(): Promise<void> {
      queue.clear();
      await producer.close();
    },
    async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
      while (nextStep < end) yield await source.next();
    },
  };
  return source;
}

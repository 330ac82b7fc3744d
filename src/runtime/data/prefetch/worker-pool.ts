import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DataError } from '../data-error.js';
import type { Image } from '../image.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';
import { TileMaker, type TileJobConfig } from './tile-task.js';

export interface TileOutput {
  readonly draw: number;
  readonly id: string;
  readonly image: Image;
  readonly label: Image | null;
  readonly weight: Image | null;
}

/** Something that turns draw numbers into tiles: worker threads, or the calling thread. */
export interface TileProducer {
  produce(draw: number): Promise<TileOutput>;
  close(): Promise<void>;
}

/**
 * Start a worker on `worker.js` in the built package; when running from TypeScript sources
 * (tests, `tsx`), on `worker.ts` through a tiny bootstrap that registers tsx's ESM hooks inside
 * the worker first (`--import tsx` in a worker's execArgv does not register them on Node 20).
 */
function spawnWorker(config: TileJobConfig): Worker {
  const js = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData: config });
  const ts = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: config });
}

/** Runs tile jobs on `count` worker threads, round-robin by draw number. */
export class WorkerPool implements TileProducer {
  private readonly workers: Worker[];
  private readonly waiting = new Map<
    number,
    { resolve: (t: TileOutput) => void; reject: (e: Error) => void }
  >();
  private failed: Error | null = null;
  private held = false;

  constructor(config: TileJobConfig, count: number) {
    this.workers = Array.from({ length: count }, () => {
      const worker = spawnWorker(config);
      worker.on('message', (reply: WorkerReply) => this.onReply(reply));
      worker.on('error', (error) => this.failAll(new Error(`data worker crashed: ${error.message}`)));
      worker.unref(); // idle workers never keep the process alive; see `hold`
      return worker;
    });
  }

  produce(draw: number): Promise<TileOutput> {
    if (this.failed !== null) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting.set(draw, { resolve, reject });
      this.hold();
      const request: WorkerRequest = { draw };
      this.workers[draw % this.workers.length]!.postMessage(request);
    });
  }

  private onReply(reply: WorkerReply): void {
    const pending = this.waiting.get(reply.draw);
    if (pending === undefined) return;
    this.waiting.delete(reply.draw);
    this.hold();
    if (reply.kind === 'error')
      pending.reject(reply.userError ? new DataError(reply.message) : new Error(reply.message));
    else pending.resolve(reply);
  }

  /** Keep the event loop alive exactly while jobs are outstanding (else `await` would exit). */
  private hold(): void {
    const busy = this.waiting.size > 0;
    if (busy === this.held) return;
    this.held = busy;
    for (const w of this.workers) {
      if (busy) w.ref();
      else w.unref();
    }
  }

  private failAll(error: Error): void {
    this.failed = error;
    for (const p of this.waiting.values()) p.reject(error);
    this.waiting.clear();
    this.hold();
  }

  /**
   * Stops every worker. Outstanding jobs are rejected, and the workers are ref'd first: an unref'd
   * worker's exit does not keep the event loop alive, so awaiting its `terminate()` could let the
   * process end mid-await (exit 0, the caller's error never reported).
   */
  async close(): Promise<void> {
    this.failAll(new Error('data workers closed'));
    for (const w of this.workers) w.ref();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Same jobs on the calling thread (workers: 0): for tests, tiny data, or debugging. */
export class InlineProducer implements TileProducer {
  private readonly maker: TileMaker;

  constructor(config: TileJobConfig) {
    this.maker = new TileMaker(config);
  }

  async produce(draw: number): Promise<TileOutput> {
    const { id, tile } = await this.maker.make(draw);
    return { draw, id, image: tile.image, label: tile.label, weight: tile.weight };
  }

  async close(): Promise<void> {}
}

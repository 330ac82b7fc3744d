import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { encodeEvent, SESSION_START, type EventMessage, type SummaryValue } from './event-proto.js';
import { tfRecord } from './tfrecord.js';

/**
 * A TensorBoard event file, `<dir>/events.out.tfevents.<seconds>.<host>.<pid>.<n>` (TensorFlow's
 * naming; the pid and counter keep a resume in the same second in a file of its own), written by unetc itself
 * (any backend; tfjs-node's own writer needs the native package). Records are queued and appended
 * on `flush`, which the run log calls at every validation, event and at most about once a second,
 * so `tensorboard --logdir runs/` follows a run while it trains.
 */
let opened = 0;

export class EventFileWriter {
  readonly path: string;
  private fd: number;
  private queue: Uint8Array[] = [];

  /** `resumedAt`: the checkpoint step a resumed run restarts from (older steps after it are dropped). */
  constructor(dir: string, resumedAt?: number) {
    mkdirSync(dir, { recursive: true });
    const now = Date.now() / 1000;
    const host = hostname().replace(/[^\w.-]/g, '_');
    this.path = join(dir, `events.out.tfevents.${Math.floor(now)}.${host}.${process.pid}.${opened++}`);
    this.fd = openSync(this.path, 'a');
    this.add({ wall_time: now, step: 0, file_version: 'brain.Event:2' });
    if (resumedAt !== undefined)
      this.add({ wall_time: now, step: resumedAt, session_log: { status: SESSION_START } });
    this.flush();
  }

  private add(event: EventMessage): void {
    this.queue.push(tfRecord(encodeEvent(event)));
  }

  /** Queue one summary (scalars and/or images) at `step`. */
  summary(step: number, values: readonly SummaryValue[]): void {
    if (values.length > 0) this.add({ wall_time: Date.now() / 1000, step, summary: { value: values } });
  }

  flush(): void {
    if (this.fd < 0) return;
    for (const record of this.queue) writeSync(this.fd, record);
    this.queue = [];
  }

  close(): void {
    this.flush();
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

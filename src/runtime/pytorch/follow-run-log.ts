import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { RunLogRecord } from '../train/run-log.js';

/**
 * Follows a train.jsonl another process appends to, handing each complete new record to
 * `onRecord`. Starts at the file's current end (a resumed run's earlier records are not news)
 * and tolerates the file being rewritten shorter (a resume trims it) by starting over from 0.
 */
export class RunLogFollower {
  private offset: number;
  private partial = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly path: string,
    private readonly onRecord: (record: RunLogRecord) => void,
    intervalMs = 100,
  ) {
    this.offset = existsSync(path) ? statSync(path).size : 0;
    this.timer = setInterval(() => this.poll(), intervalMs);
  }

  /** Reads whatever is new now (also called once more at the end). */
  poll(): void {
    if (!existsSync(this.path)) return;
    const size = statSync(this.path).size;
    if (size < this.offset) {
      this.offset = 0;
      this.partial = '';
    }
    if (size === this.offset) return;
    const fd = openSync(this.path, 'r');
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const read = readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += read;
      const lines = (this.partial + buffer.subarray(0, read).toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          this.onRecord(JSON.parse(line) as RunLogRecord);
        } catch {
          // not a record (cannot happen with train.py's writer; never fatal for a display)
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.poll();
  }
}

import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-write.js';
import { writeError } from '../../common/io-error.js';
import type { ValidationSample } from '../report/val-samples.js';
import { TENSORBOARD_DIR, TensorBoardLog } from '../tensorboard/tensorboard-log.js';

export interface StepRecord {
  readonly type: 'step';
  /** Steps completed, including this one (1-based). */
  readonly step: number;
  /** 1-based epoch this step belongs to. */
  readonly epoch: number;
  readonly loss: number;
  readonly lr: number;
  /** Wall time of the step, data wait included. */
  readonly ms: number;
  /** Time spent waiting for the batch (a data pipeline that keeps up shows ~0). */
  readonly dataWaitMs: number;
}

export interface ValidationLogRecord {
  readonly type: 'validation';
  readonly step: number;
  readonly epoch: number;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly best: boolean;
}

export interface EventRecord {
  readonly type: 'event';
  readonly step: number;
  readonly event: 'start' | 'resume' | 'checkpoint' | 'interrupted' | 'early_stop' | 'done';
  readonly detail?: string;
}

export type RunLogRecord = StepRecord | ValidationLogRecord | EventRecord;

/**
 * The machine-readable run log, `train.jsonl`: one JSON object per line, every step, validation
 * and event. Lines are written synchronously (they are small and a step takes far longer), so a
 * killed run's log is complete up to its last step. The same records go to a TensorBoard event
 * file in `<run>/tb/`, so `tensorboard --logdir runs/` shows every run, on any backend.
 */
export class RunLog {
  private fd: number;
  private readonly tensorboard: TensorBoardLog;

  /**
   * Opens the log for appending. On a resume, `keepUpToStep` drops the records of steps after the
   * checkpoint (work the interrupted run did and lost), so the log reads as one uninterrupted run.
   */
  constructor(
    readonly path: string,
    keepUpToStep?: number,
  ) {
    if (keepUpToStep !== undefined && existsSync(path)) {
      const kept = readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => {
          if (line.trim() === '') return false;
          try {
            return (JSON.parse(line) as { step?: number }).step! <= keepUpToStep;
          } catch {
            return false; // a line cut short by the kill
          }
        });
      writeFileAtomic(path, kept.map((l) => `${l}\n`).join(''));
    }
    this.fd = openSync(path, 'a');
    this.tensorboard = new TensorBoardLog(join(dirname(path), TENSORBOARD_DIR), keepUpToStep);
  }

  write(record: RunLogRecord): void {
    try {
      writeSync(this.fd, `${JSON.stringify(record)}\n`);
    } catch (error) {
      // A write on a descriptor carries no path; the user needs to know which file (a full disk).
      throw writeError(this.path, error);
    }
    this.tensorboard.record(record);
  }

  /** The validation samples of the next validation record (shown as images in TensorBoard). */
  samples(samples: readonly ValidationSample[]): void {
    this.tensorboard.samples(samples);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.tensorboard.close();
  }
}

/** Reads a run log back (tests, reports); skips a torn last line. */
export function readRunLog(path: string): RunLogRecord[] {
  const records: RunLogRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as RunLogRecord);
    } catch {
      // torn line from a killed run
    }
  }
  return records;
}

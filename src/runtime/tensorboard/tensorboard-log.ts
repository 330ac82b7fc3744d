import type { ValidationSample } from '../report/val-samples.js';
import type { RunLogRecord } from '../train/run-log.js';
import type { SummaryValue } from './event-proto.js';
import { EventFileWriter } from './event-writer.js';
import { overlayPng } from './overlay.js';

/** The folder in a run directory that holds its TensorBoard event files. */
export const TENSORBOARD_DIR = 'tb';

/** At most this long between writes of queued step scalars (validations and events write at once). */
const FLUSH_MS = 1000;

/** How many validation overlays go to TensorBoard per validation. */
const IMAGES_PER_VALIDATION = 3;

/**
 * The run log's records as TensorBoard summaries: `train/loss`, `train/lr` every step, `val/<metric>`
 * at each validation, with the latest validation samples as `val/sample_<i>` overlay images.
 */
export class TensorBoardLog {
  private readonly writer: EventFileWriter;
  private pendingSamples: readonly ValidationSample[] = [];
  private lastFlush = Date.now();

  constructor(dir: string, resumedAt?: number) {
    this.writer = new EventFileWriter(dir, resumedAt);
  }

  get path(): string {
    return this.writer.path;
  }

  /** Samples of the validation about to be logged (the trainer saves them just before its record). */
  samples(samples: readonly ValidationSample[]): void {
    this.pendingSamples = samples;
  }

  record(record: RunLogRecord): void {
    if (record.type === 'step') {
      this.writer.summary(record.step, [
        { tag: 'train/loss', simple_value: record.loss },
        { tag: 'train/lr', simple_value: record.lr },
      ]);
      if (Date.now() - this.lastFlush < FLUSH_MS) return;
    } else if (record.type === 'validation') {
      const values: SummaryValue[] = Object.entries(record.metrics)
        .filter((entry): entry is [string, number] => entry[1] !== null && Number.isFinite(entry[1]))
        .map(([name, value]) => ({ tag: `val/${name}`, simple_value: value }));
      this.pendingSamples.slice(0, IMAGES_PER_VALIDATION).forEach((sample, i) => {
        const { png, width, height } = overlayPng(sample);
        values.push({
          tag: `val/sample_${i}`,
          image: { height, width, colorspace: 3, encoded_image_string: png },
        });
      });
      this.pendingSamples = [];
      this.writer.summary(record.step, values);
    }
    this.writer.flush();
    this.lastFlush = Date.now();
  }

  close(): void {
    this.writer.close();
  }
}

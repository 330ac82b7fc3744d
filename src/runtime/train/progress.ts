import cliProgress from 'cli-progress';

export interface ProgressUpdate {
  /** Steps completed. */
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  /** Training tiles per second, over a recent window. */
  readonly tilesPerSecond: number;
}

export interface ProgressOptions {
  readonly totalSteps: number;
  readonly startStep: number;
  /** A live bar on a terminal; plain lines otherwise (CI logs, pipes). */
  readonly tty: boolean;
  /** Plain mode: a line every N steps (and on the last one). */
  readonly every: number;
  readonly write?: (line: string) => void;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(sec).padStart(2, '0')}s`
      : `${sec}s`;
}

/** Progress display: step, epoch, loss, throughput and ETA. */
export class TrainProgress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly write: (line: string) => void;
  private readonly started = Date.now();
  private last: { step: number; payload: Record<string, unknown> };

  constructor(private readonly options: ProgressOptions) {
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
    this.bar = options.tty
      ? new cliProgress.SingleBar(
          {
            format:
              'train {bar} {value}/{total} | epoch {epoch} | loss {loss} | {speed} tiles/s | ETA {eta_formatted}',
            hideCursor: true,
            etaBuffer: 20,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
    this.last = { step: options.startStep, payload: { epoch: 0, loss: '-', speed: '-' } };
    this.bar?.start(options.totalSteps, options.startStep, this.last.payload);
  }

  update(u: ProgressUpdate): void {
    const speed = u.tilesPerSecond.toFixed(2);
    if (this.bar) {
      this.last = { step: u.step, payload: { epoch: u.epoch, loss: u.loss.toFixed(4), speed } };
      this.bar.update(u.step, this.last.payload);
      return;
    }
    const { every, totalSteps, startStep } = this.options;
    if (u.step % every !== 0 && u.step !== totalSteps) return;
    const elapsed = (Date.now() - this.started) / 1000;
    const done = u.step - startStep;
    const eta = done > 0 ? (elapsed / done) * (totalSteps - u.step) : Number.NaN;
    this.write(
      `step ${u.step}/${totalSteps} epoch ${u.epoch} loss ${u.loss.toFixed(4)} ${speed} tiles/s ETA ${formatSeconds(eta)}`,
    );
  }

  /** A message that must not be overdrawn by the bar. */
  log(line: string): void {
    if (this.bar) {
      this.bar.stop();
      this.write(line);
      this.bar.start(this.options.totalSteps, this.last.step, this.last.payload);
    } else this.write(line);
  }

  stop(): void {
    this.bar?.stop();
  }
}

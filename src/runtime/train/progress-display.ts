import { TrainProgress } from './progress.js';

/** Plain (non-terminal) progress prints a line every epoch, but at least this often. */
const MAX_STEPS_BETWEEN_LINES = 50;

/** Guards against a zero interval when the first step reports within the clock's resolution. */
const MIN_ELAPSED_SECONDS = 1e-3;

/**
 * The run's progress display, created at the first step (so a resumed run counts its speed and
 * ETA from where it resumed): the session's step and note hooks, and `stop` to close it.
 */
export class ProgressDisplay {
  private progress: TrainProgress | null = null;
  private readonly started = Date.now();
  private firstStep = -1;

  constructor(
    private readonly options: {
      readonly totalSteps: number;
      readonly stepsPerEpoch: number;
      readonly batch: number;
      readonly tty: boolean;
      readonly write: (line: string) => void;
    },
  ) {}

  readonly onStep = (step: number, epoch: number, loss: number): void => {
    const { totalSteps, stepsPerEpoch, batch, tty, write } = this.options;
    if (this.firstStep < 0) this.firstStep = step - 1;
    this.progress ??= new TrainProgress({
      totalSteps,
      startStep: this.firstStep,
      tty,
      every: Math.max(1, Math.min(MAX_STEPS_BETWEEN_LINES, stepsPerEpoch)),
      write,
    });
    const seconds = (Date.now() - this.started) / 1000;
    this.progress.update({
      step,
      epoch,
      loss,
      tilesPerSecond: ((step - this.firstStep) * batch) / Math.max(seconds, MIN_ELAPSED_SECONDS),
    });
  };

  /** A line that must not tear the live bar. */
  readonly note = (line: string): void => {
    if (this.progress) this.progress.log(line);
    else this.options.write(line);
  };

  stop(): void {
    this.progress?.stop();
  }
}

/**
 * Ctrl-C / SIGTERM handling for a training run: the first signal asks the loop to stop after the
 * current step (it then saves a checkpoint and exits cleanly); a second one exits at once.
 */
export interface StopRequest {
  /** True once a stop was asked for (signal or `request`). */
  readonly requested: boolean;
  readonly reason: string | null;
  /** Asks for a stop programmatically (tests, early stopping by a caller). */
  request(reason: string): void;
  /** Removes the signal handlers. */
  dispose(): void;
}

/**
 * One Ctrl-C can arrive twice within milliseconds: the terminal signals the whole foreground
 * process group, and a wrapper in that group (`npx`, `npm run`) forwards its own copy to the
 * child. A repeat that close to the first is that echo, not a second press.
 */
const ECHO_MS = 100;

export function watchStopSignals(onFirst: (signal: string) => void = () => {}): StopRequest {
  const stop = manualStop();
  let firstAt = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (stop.requested) {
      if (performance.now() - firstAt < ECHO_MS) return;
      process.stderr.write(`\nunetc: ${signal} again, exiting without saving\n`);
      process.exit(130);
      return;
    }
    firstAt = performance.now();
    stop.request(signal);
    onFirst(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return Object.assign(stop, {
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  });
}

/** A stop request with no signal handlers (library use, tests). */
export function manualStop(): StopRequest {
  let reason: string | null = null;
  return {
    get requested() {
      return reason !== null;
    },
    get reason() {
      return reason;
    },
    request(r: string) {
      reason ??= r;
    },
    dispose() {},
  };
}

/**
 * Lets the event loop take a turn. With data workers keeping batches ready and a backend that
 * reads results back synchronously, a training step or a validation batch can run on
 * already-resolved promises alone; signals are only read when the loop polls, and a Ctrl-C was
 * seen hundreds of steps late. setImmediate callbacks run after a poll.
 */
export function turnEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

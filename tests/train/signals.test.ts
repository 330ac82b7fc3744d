import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchStopSignals } from '../../src/runtime/train/signals.js';

/** Lets the signal reach its listeners (they run on the event loop, not synchronously). */
const delivered = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('watchStopSignals', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the first SIGINT asks for a stop; its echo from a wrapper is ignored; a later one exits 130 at once', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const first: string[] = [];
    const stop = watchStopSignals((signal) => first.push(signal));
    try {
      process.kill(process.pid, 'SIGINT');
      await delivered();
      expect(stop.requested).toBe(true);
      expect(stop.reason).toBe('SIGINT');
      expect(first).toEqual(['SIGINT']);
      // npx / npm run forward their own copy of the terminal's Ctrl-C within milliseconds
      process.kill(process.pid, 'SIGINT');
      await delivered();
      expect(exit).not.toHaveBeenCalled();
      await new Promise((resolve) => setTimeout(resolve, 120));
      process.kill(process.pid, 'SIGINT');
      await delivered();
      expect(exit).toHaveBeenCalledWith(130);
      expect(first).toEqual(['SIGINT']);
    } finally {
      stop.dispose();
    }
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});

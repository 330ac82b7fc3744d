import { describe, expect, it } from 'vitest';
import { runCliFuzz } from './support/fuzz-cli-run.js';

/**
 * A small, fixed-seed slice of `npm run fuzz:cli`: hostile specs, bombs, names, output paths,
 * corrupt images and models through the real CLI in a child process, and one SIGKILLed training.
 * Any exit 70, hang, stack trace, lost file or write outside the output folder fails it.
 */
describe('fuzz:cli (200 cases)', () => {
  it('survives hostile input without crashing, hanging or touching files it should not', async () => {
    const summary = await runCliFuzz({
      cases: 200,
      seed: 20261204,
      trainCases: 1,
      kinds: ['spec', 'bomb', 'image', 'name', 'output', 'model'],
    });
    const failures = summary.failures.map(
      (f) => `#${f.index} ${f.kind} unetc ${f.argv.join(' ')}\n  ${f.problems.join('\n  ')}`,
    );
    expect(failures).toEqual([]);
    expect(summary.cases).toBe(201);
    expect(Object.keys(summary.byKind).sort()).toEqual([
      'bomb',
      'image',
      'model',
      'name',
      'output',
      'spec',
      'train',
    ]);
  }, 600_000);
});

import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import { fakeLocate, paperSpec, spec } from './fixtures.js';

describe('checker speed', () => {
  it('checks 1,000 specs well within the 2 s budget of the whole compiler (generous bound for a loaded machine)', () => {
    const { locate } = fakeLocate();
    const specs = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? paperSpec({ input: [572 + (i % 5), 572] })
        : spec({ input: [96, 96], filters: 8, block: { padding: 'same' }, skip: { kind: 'nested' } }),
    );
    for (const s of specs) checkSpec(s, locate);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) checkSpec(specs[i % specs.length]!, locate);
    expect(performance.now() - started).toBeLessThan(8000);
  });
});

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listFiles } from './support/baselines.js';
import { compileInvariantViolations } from './support/compile-invariants.js';
import { garbage, mutate, seededRandom, tokenSoup } from './support/fuzz-inputs.js';

/**
 * Thousands of random and mutated specs through compileSource: never a throw, never an internal
 * error, spans always inside the file. scripts/fuzz.ts runs the same generators for longer.
 */
const seeds = listFiles('specs', (p) => /\.(unet|ya?ml)$/.test(p)).map((p) => ({
  name: p,
  text: readFileSync(`specs/${p}`, 'utf8'),
}));

/** Fixed, so CI is reproducible; scripts/fuzz.ts explores new seeds. */
const seed = 20261125;

function expectNoViolations(text: string, fileName: string): void {
  const problems = compileInvariantViolations(text, fileName);
  if (problems.length > 0) expect.fail(`${problems.join('\n')}\n--- input (${fileName}) ---\n${text}`);
}

describe('fuzzing compileSource', () => {
  it('survives token soup', () => {
    fc.assert(
      fc.property(fc.integer(), (n) => expectNoViolations(tokenSoup(seededRandom(n)), 'soup.unet')),
      { numRuns: 1500, seed },
    );
  });

  it('survives mutated specs (.unet and YAML)', () => {
    expect(seeds.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.integer(), fc.nat(seeds.length - 1), (n, which) => {
        const s = seeds[which]!;
        expectNoViolations(mutate(seededRandom(n), s.text), s.name);
      }),
      { numRuns: 2000, seed },
    );
  });

  it('survives arbitrary strings and binary garbage', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => expectNoViolations(text, 'any.unet')),
      {
        numRuns: 500,
      },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => expectNoViolations(text, 'any.yaml')),
      {
        numRuns: 300,
      },
    );
    fc.assert(
      fc.property(fc.integer(), (n) => expectNoViolations(garbage(seededRandom(n)), 'garbage.unet')),
      { numRuns: 300, seed },
    );
  });
});

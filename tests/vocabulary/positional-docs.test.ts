import { describe, expect, it } from 'vitest';
import { positionalParameters } from '../../src/compiler/spec/positional.js';
import { kindsOf, networkVocabularies, trainingVocabularies } from '../../src/compiler/vocabulary/index.js';
import { language } from './schema-match.js';

/** docs/language.md's table of positional arguments is the table of src/compiler/spec/positional.ts. */
describe("docs/language.md's positional-argument table", () => {
  it('lists every call with exactly its positional parameters', () => {
    const start = language.indexOf('| call | positional parameters |');
    expect(start).toBeGreaterThan(0);
    const lines = language.slice(start).split('\n').slice(2);
    const rows = lines
      .slice(
        0,
        lines.findIndex((line) => !line.trim().startsWith('|')),
      )
      .map((l) => l.trim());
    expect(rows.length).toBeGreaterThan(10);
    const documented: Record<string, string[]> = {};
    for (const row of rows) {
      const [calls, parameters] = row.split('|').slice(1, 3) as [string, string];
      for (const call of calls.matchAll(/`([a-z_0-9]+)`/g))
        documented[call[1]!] = parameters.split(',').map((p) => p.trim());
    }
    expect(documented).toEqual(
      Object.fromEntries(Object.entries(positionalParameters).map(([k, v]) => [k, [...v]])),
    );
  });
});

describe('the derived positional table', () => {
  it('never has two described kinds of one name with positional arguments', () => {
    // The table is keyed by call name alone: a second `conv(…)` would silently take the first's.
    const named = [...networkVocabularies, ...trainingVocabularies].flatMap((vocabulary) =>
      kindsOf(vocabulary).filter((kind) => vocabulary.kinds[kind]!.positional.length > 0),
    );
    expect(new Set(named).size).toBe(named.length);
  });
});

import { describe, expect, it } from 'vitest';
import { Messages, type MessageTemplate } from '../src/compiler/diagnostics/messages.js';
import { caseFiles, runCase } from './support/cases.js';

/**
 * Codes no spec can produce through `compileSource`, each with the reason. Everything else in the
 * catalogue must be produced by at least one case under tests/cases (TypeScript's rule that every
 * diagnostic has a test), so a message nobody can see, or a check that never fires, shows up here.
 */
const notProducibleByCases: Readonly<Record<string, string>> = {
  UNC9000: 'internal error: only a bug in unetc produces it (tested with a throwing phase in tests/cli)',
};

describe('diagnostic catalogue', () => {
  const catalogue = Object.values(Messages as Record<string, MessageTemplate>);

  it('has unique codes', () => {
    const codes = catalogue.map((m) => m.code);
    const duplicates = codes.filter((c, i) => codes.indexOf(c) !== i);
    expect(duplicates).toEqual([]);
  });

  it('has codes in the documented form', () => {
    for (const m of catalogue) expect(m.code).toMatch(/^UNC[1-59]\d{3}$/);
  });

  it('has every code exercised by a case under tests/cases', () => {
    const produced = new Set<string>();
    for (const rel of caseFiles()) for (const d of runCase(rel).diagnostics) produced.add(d.code);
    const missing = catalogue
      .map((m) => m.code)
      .filter((code) => !produced.has(code) && !(code in notProducibleByCases))
      .sort();
    expect(missing, 'write a case in tests/cases that produces each of these codes').toEqual([]);
  });

  it('produces only catalogue codes', () => {
    const known = new Set(catalogue.map((m) => m.code));
    const unknown = new Set<string>();
    for (const rel of caseFiles()) for (const d of runCase(rel).diagnostics) if (!known.has(d.code)) unknown.add(d.code);
    expect([...unknown]).toEqual([]);
  });
});

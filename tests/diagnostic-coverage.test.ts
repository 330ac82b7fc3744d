import { describe, expect, it } from 'vitest';
import { Messages, type MessageTemplate } from '../src/compiler/diagnostics/messages.js';
import { caseFiles, runCase } from './support/cases.js';

/**
 * Codes no spec can produce through `compileSource`, each with the reason. Everything else in the
 * catalogue must be produced by at least one case under tests/cases (TypeScript's rule that every
 * diagnostic has a test), so a message nobody can see, or a check that never fires, shows up here.
 */
const notProducibleByCases: Readonly<Record<string, string>> = {
  UNC1014:
    'a case would be a 256 KiB file: tests/syntax/hostile-input.test.ts produces it from generated text',
  UNC9000: 'internal error: only a bug in unetc produces it (the fuzz test asserts it never appears)',
  // Guards in the checker that the normaliser pre-empts: it rejects these specs first, so no spec
  // text reaches the checker's version (ModelSpecs built in code still can).
  UNC3201:
    'unreachable from text: the normaliser checks heads against the same decoder grid (decoderNodes in spec/normalize/head.ts) and reports UNC2013',
  UNC4502:
    'unreachable from text: the normaliser reports a tile with the wrong number of axes as UNC2006 and substitutes the input size (spec/normalize/data.ts)',
};

/**
 * Some catalogue entries are templates for text inside other diagnostics (hints, related
 * information, fix descriptions), not diagnostics of their own. They count as exercised when their
 * longest literal fragment shows up in that text.
 */
function longestLiteral(template: string): string {
  return template
    .split(/\{\w+\}/)
    .map((s) => s.trim())
    .sort((a, b) => b.length - a.length)[0]!;
}

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
    const embedded: string[] = [];
    for (const rel of caseFiles()) {
      for (const d of runCase(rel).diagnostics) {
        produced.add(d.code);
        embedded.push(d.hint ?? '', d.fix?.description ?? '', ...(d.related ?? []).map((r) => r.message));
      }
    }
    const text = embedded.join('\n');
    const missing = catalogue
      .filter((m) => !produced.has(m.code) && !(m.code in notProducibleByCases))
      .filter(
        (m) =>
          !(
            m.severity === 'info' &&
            longestLiteral(m.message).length >= 8 &&
            text.includes(longestLiteral(m.message))
          ),
      )
      .map((m) => m.code)
      .sort();
    expect(missing, 'write a case in tests/cases that produces each of these codes').toEqual([]);
  });

  it('exempts only codes that no case produces (a produced code needs no reason)', () => {
    const produced = new Set(caseFiles().flatMap((rel) => runCase(rel).diagnostics.map((d) => d.code)));
    expect(Object.keys(notProducibleByCases).filter((code) => produced.has(code))).toEqual([]);
  });

  it('produces only catalogue codes', () => {
    const known = new Set(catalogue.map((m) => m.code));
    const unknown = new Set<string>();
    for (const rel of caseFiles())
      for (const d of runCase(rel).diagnostics) if (!known.has(d.code)) unknown.add(d.code);
    expect([...unknown]).toEqual([]);
  });
});

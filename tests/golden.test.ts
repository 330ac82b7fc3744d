import { describe, expect, it } from 'vitest';
import { renderBaseline } from '../src/compiler/diagnostics/render-baseline.js';
import { expectBaseline, listFiles } from './support/baselines.js';
import { baselinesRoot, baselineStem, caseFiles, runCase } from './support/cases.js';
import { stableJson } from './support/stable-json.js';

/**
 * Golden files, TypeScript-style: every tests/cases/**\/x.unet (or .yaml, or any extension) gets
 * tests/baselines/**\/x.diag when it has diagnostics (summary lines, then the echoed source with
 * ~~~ under each span and `!!! error UNC…` lines) and x.ir.json when it checks clean (the checked
 * IR and its summary). Accept changes with `UPDATE_BASELINES=1 npx vitest run tests/golden.test.ts`.
 */
const cases = caseFiles();

describe('golden baselines', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const rel of cases) {
    it(rel, () => {
      const result = runCase(rel);
      const internal = result.diagnostics.filter((d) => d.code === 'UNC9000').map((d) => d.message);
      expect(internal, 'a phase crashed (UNC9000): fix the bug, do not accept the baseline').toEqual([]);
      const stem = baselineStem(rel);
      expectBaseline(
        `${stem}.diag`,
        result.diagnostics.length > 0 ? renderBaseline(result.source, result.diagnostics) : undefined,
      );
      expectBaseline(
        `${stem}.ir.json`,
        result.model ? stableJson({ summary: result.model.summary, graph: result.model.graph }) : undefined,
      );
    });
  }

  it('has no orphan baselines', () => {
    const expected = new Set(cases.map(baselineStem));
    const orphans = listFiles(baselinesRoot, (p) => p.endsWith('.diag') || p.endsWith('.ir.json'))
      .map((p) => `${baselinesRoot}/${p}`.replace(/\.(diag|ir\.json)$/, ''))
      .filter((stem) => !expected.has(stem));
    expect(orphans, 'baselines without a case: delete them or restore the case').toEqual([]);
  });
});

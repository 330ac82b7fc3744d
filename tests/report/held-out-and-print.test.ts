import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/runtime/report/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'unetc-report-'));
  dirs.push(dir);
  return dir;
}

describe('the training report', () => {
  it('shows the held-out scores `unetc eval --format json --output <run>/eval.json` wrote (as run.sh does)', async () => {
    const dir = runDir();
    copyFileSync('examples/isbi2012/results/eval-d4.json', join(dir, 'eval.json'));
    writeFileSync(join(dir, 'eval-broken.json'), '{"totals": ');
    const html = await renderReport(dir);
    expect(html).toContain('<h2>Held-out evaluation</h2>');
    const row = /<tr data-eval="eval\.json">(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    // pixel error 0.0881, Rand error 0.1726, information error 0.1168, mean Dice 0.8746 (4 images)
    for (const value of ['>4<', '0.08813', '0.1726', '0.1168', '0.8746']) expect(row).toContain(value);
    expect(html).toContain('randError 0.1715 at threshold 0.4');
    expect(html).not.toContain('eval-broken.json');
  });

  it('has no held-out section when the run was never evaluated', async () => {
    expect(await renderReport(runDir())).not.toContain('Held-out evaluation');
  });

  it('prints the whole layer table and network (no scroll box cuts them off on paper)', async () => {
    const html = await renderReport(runDir());
    const print = /@media print\{(.*?)\}\}/s.exec(html)?.[1] ?? '';
    expect(print).toMatch(/\.layers-wrap,\.network\{max-height:none;overflow:visible\}/);
    expect(print).toMatch(/tr\{break-inside:avoid\}/);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml, formatNumber } from './html-escape.js';

/** The scores `unetc eval --format json` writes; only what the report shows is read. */
interface EvalTotals {
  readonly images?: number;
  readonly pixelError?: number;
  readonly foregroundPixelError?: number;
  readonly randError?: number;
  readonly infoError?: number;
  readonly meanIoU?: number;
  readonly meanDice?: number;
}

interface EvalFile {
  readonly name: string;
  readonly totals: EvalTotals;
  readonly best?: Readonly<Record<string, { value: number; threshold: number }>>;
}

const columns: readonly [keyof EvalTotals, string][] = [
  ['images', 'images'],
  ['pixelError', 'pixel error'],
  ['foregroundPixelError', 'foreground pixel error'],
  ['randError', 'Rand error'],
  ['infoError', 'information error'],
  ['meanIoU', 'mean IoU'],
  ['meanDice', 'mean Dice'],
];

/**
 * `eval*.json` in the run folder (what examples/isbi2012/run.sh writes after predicting the held-out
 * slices): read defensively, since a hand-edited or truncated file must not break the report.
 */
async function readEvalFiles(dir: string): Promise<EvalFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /^eval.*\.json$/.test(n)).sort();
  } catch {
    return [];
  }
  const files: EvalFile[] = [];
  for (const name of names) {
    try {
      const json = JSON.parse(await readFile(join(dir, name), 'utf8')) as {
        totals?: EvalTotals;
        isbiThresholdSweep?: { best?: EvalFile['best'] };
      };
      if (json.totals && typeof json.totals === 'object')
        files.push({
          name,
          totals: json.totals,
          ...(json.isbiThresholdSweep?.best ? { best: json.isbiThresholdSweep.best } : {}),
        });
    } catch {
      // Not an evaluation: skipped.
    }
  }
  return files;
}

/** The held-out scores section, or '' when the run was never evaluated. */
export async function heldOutSection(dir: string): Promise<string> {
  const files = await readEvalFiles(dir);
  if (files.length === 0) return '';
  const present = columns.filter(([key]) => files.some((f) => typeof f.totals[key] === 'number'));
  const head = `<tr><th>file</th>${present.map(([, label]) => `<th>${escapeHtml(label)}</th>`).join('')}</tr>`;
  const rows = files.map((f) => {
    const cells = present.map(([key]) => {
      const v = f.totals[key];
      return `<td class="num">${typeof v === 'number' ? escapeHtml(formatNumber(v)) : ''}</td>`;
    });
    return `<tr data-eval="${escapeHtml(f.name)}"><td>${escapeHtml(f.name)}</td>${cells.join('')}</tr>`;
  });
  const sweeps = files
    .filter((f) => f.best)
    .map((f) => {
      const parts = Object.entries(f.best!).map(
        ([metric, b]) => `${metric} ${formatNumber(b.value)} at threshold ${formatNumber(b.threshold)}`,
      );
      return `<p class="sub">${escapeHtml(f.name)}, best over the probability-threshold sweep: ${escapeHtml(parts.join('; '))}</p>`;
    });
  return `<section id="held-out"><h2>Held-out evaluation</h2><p class="sub">Scores of <code>unetc eval</code> on images the training never saw.</p><table>${head}${rows.join('')}</table>${sweeps.join('')}</section>`;
}

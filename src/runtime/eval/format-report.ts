import type { ClassEntry } from './class-spec.js';
import type { EvaluationTotals, ImageEvaluation } from './evaluate.js';
import type { Best, SweepResult } from './threshold-sweep.js';

const f = (v: number | null, digits = 4): string => (v === null ? '–' : v.toFixed(digits));

/** A plain-text table: one row per image, then the totals (pooled pixel error / IoU / Dice, mean Rand / info). */
const at = (best: Best | null): string =>
  best === null ? '–' : `${best.value.toFixed(4)} (threshold ${best.threshold.toFixed(1)})`;

/** The ISBI 2012 challenge's errors: of the label maps, and of the probability maps when swept. */
function isbiLines(totals: EvaluationTotals, sweep: SweepResult | undefined): string[] {
  const lines = [
    `ISBI 2012 pixel error of the label maps (1 − F-score of the foreground pixels): ${f(totals.foregroundPixelError)}`,
  ];
  if (sweep !== undefined) {
    const thresholds = sweep.rows.map((r) => r.threshold.toFixed(1));
    lines.push(
      `ISBI 2012 scores of the foreground probability maps (best of thresholds ${thresholds[0]}…${thresholds.at(-1)}, as the challenge scored):`,
      `  pixel error ${at(sweep.best.pixelError)}, Rand error ${at(sweep.best.randError)}, information error ${at(sweep.best.infoError)}`,
    );
  }
  return lines;
}

export function formatEvaluationText(
  images: readonly ImageEvaluation[],
  totals: EvaluationTotals,
  classes: readonly ClassEntry[],
  sweep?: SweepResult,
): string {
  const classCols = classes.flatMap((c) => [`IoU ${c.name}`, `Dice ${c.name}`]);
  const header = ['image', 'pixel err', 'Rand err', 'info err', 'VI', 'cells', ...classCols];
  const row = (
    name: string,
    pixel: number | null,
    rand: number | null,
    info: number | null,
    vi: number | null,
    cells: string,
    perClass: readonly { iou: number | null; dice: number | null }[],
  ) => [name, f(pixel), f(rand), f(info), f(vi, 3), cells, ...perClass.flatMap((c) => [f(c.iou), f(c.dice)])];
  const rows = images.map((i) =>
    row(
      i.name,
      i.pixelError,
      i.segmentation.randError,
      i.segmentation.infoError,
      i.segmentation.variationOfInformation,
      `${i.predictedObjects}/${i.truthObjects}`,
      i.perClass,
    ),
  );
  const total = row(
    `total (${totals.images})`,
    totals.pixelError,
    totals.randError,
    totals.infoError,
    totals.variationOfInformation,
    '',
    totals.perClass,
  );
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length), total[c]!.length));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    line(total),
    '',
    'pixel err (misclassified fraction) and IoU/Dice pooled over all pixels; Rand / info err (1 − foreground-restricted F-score, ISBI 2012) and VI (bits) averaged over images; cells = predicted/true objects.',
    `mean IoU ${f(totals.meanIoU)}, mean Dice ${f(totals.meanDice)}`,
    ...isbiLines(totals, sweep),
    '',
  ].join('\n');
}

export function evaluationJson(
  images: readonly ImageEvaluation[],
  totals: EvaluationTotals,
  classes: readonly ClassEntry[],
  foreground: readonly number[],
  sweep?: SweepResult,
): unknown {
  return {
    classes,
    foreground,
    images: images.map((i) => ({
      name: i.name,
      shape: i.shape,
      pixelError: i.pixelError,
      ...i.segmentation,
      truthObjects: i.truthObjects,
      predictedObjects: i.predictedObjects,
      perClass: i.perClass.map((c, k) => ({ class: classes[k]?.name ?? String(k), ...c })),
    })),
    totals: {
      ...totals,
      perClass: totals.perClass.map((c, k) => ({ class: classes[k]?.name ?? String(k), ...c })),
    },
    ...(sweep === undefined ? {} : { isbiThresholdSweep: sweep }),
  };
}

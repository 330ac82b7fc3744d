import type { StepRecord, ValidationLogRecord } from '../train/run-log.js';
import { lineChart, type Series } from './svg-chart.js';

const palette = ['#1f5fa8', '#c0392b', '#2e9d4a', '#e67e22', '#8e44ad', '#139c91', '#7f7f7f'];

/** Exponential moving average with a span of ~2% of the run, so the trend shows through step noise. */
export function smooth(values: readonly number[]): number[] {
  const span = Math.max(1, Math.round(values.length / 50));
  const alpha = 2 / (span + 1);
  const out: number[] = [];
  let state: number | undefined;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(state ?? v);
      continue;
    }
    state = state === undefined ? v : alpha * v + (1 - alpha) * state;
    out.push(state);
  }
  return out;
}

function metricSeries(validations: readonly ValidationLogRecord[], key: string, color: string): Series {
  return {
    name: key,
    color,
    markers: true,
    points: validations.map((v) => [v.step, v.metrics[key] ?? null] as const),
  };
}

/** Groups of validation metrics drawn together (same scale and direction). */
const metricGroups: readonly { readonly title: string; readonly keys: readonly string[] }[] = [
  { title: 'Validation errors (lower is better)', keys: ['pixel_error', 'rand_error', 'info_error'] },
  { title: 'Validation overlap (higher is better)', keys: ['dice', 'iou'] },
  { title: 'Variation of information (bits)', keys: ['vi'] },
];

/** Every chart of the report, as SVG strings with their section titles. */
export function runCharts(
  steps: readonly StepRecord[],
  validations: readonly ValidationLogRecord[],
): { title: string; svg: string }[] {
  const charts: { title: string; svg: string }[] = [];
  const losses = steps.map((s) => s.loss);
  const smoothed = smooth(losses);
  const lossSeries: Series[] = [
    {
      name: 'training loss',
      color: '#9bb8d8',
      width: 1,
      points: steps.map((s) => [s.step, s.loss] as const),
    },
    {
      name: 'training loss (smoothed)',
      color: palette[0]!,
      width: 2,
      points: steps.map((s, i) => [s.step, smoothed[i]!] as const),
    },
  ];
  if (validations.some((v) => typeof v.metrics['val_loss'] === 'number')) {
    lossSeries.push({ ...metricSeries(validations, 'val_loss', palette[1]!), name: 'validation loss' });
  }
  const positive = losses.every((l) => l > 0);
  const spread = positive && losses.length > 0 ? Math.max(...losses) / Math.min(...losses) : 1;
  charts.push({
    title: 'Loss',
    svg: lineChart({ title: 'Loss', xLabel: 'step', series: lossSeries, logY: spread > 30 }),
  });
  charts.push({
    title: 'Learning rate',
    svg: lineChart({
      title: 'Learning rate',
      xLabel: 'step',
      series: [{ name: 'lr', color: palette[2]!, points: steps.map((s) => [s.step, s.lr] as const) }],
    }),
  });
  const keys = new Set(validations.flatMap((v) => Object.keys(v.metrics)));
  const drawn = new Set(['val_loss']);
  for (const group of metricGroups) {
    const present = group.keys.filter((k) => keys.has(k));
    if (present.length === 0) continue;
    present.forEach((k) => drawn.add(k));
    charts.push({
      title: group.title,
      svg: lineChart({
        title: group.title,
        xLabel: 'step',
        series: present.map((k, i) => metricSeries(validations, k, palette[i + 1]!)),
      }),
    });
  }
  const others = [...keys].filter((k) => !drawn.has(k)).sort();
  if (others.length > 0) {
    charts.push({
      title: 'Other validation metrics',
      svg: lineChart({
        title: 'Other validation metrics',
        xLabel: 'step',
        series: others.map((k, i) => metricSeries(validations, k, palette[i % palette.length]!)),
      }),
    });
  }
  if (steps.length > 0) {
    charts.push({
      title: 'Step time',
      svg: lineChart({
        title: 'Step time (ms)',
        xLabel: 'step',
        series: [
          { name: 'step', color: palette[4]!, width: 1, points: steps.map((s) => [s.step, s.ms] as const) },
          {
            name: 'waiting for data',
            color: palette[3]!,
            width: 1,
            points: steps.map((s) => [s.step, s.dataWaitMs] as const),
          },
        ],
      }),
    });
  }
  return charts;
}

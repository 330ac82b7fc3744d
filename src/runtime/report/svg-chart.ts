import { escapeHtml, formatNumber } from './html-escape.js';

/*
 * Hand-written SVG line charts. The report must be one file that opens offline, years later,
 * without a network: a chart library would have to be inlined (hundreds of kB of script) or
 * fetched from a CDN, and static SVG needs neither script nor fonts.
 */

export interface Series {
  readonly name: string;
  /** [x, y] pairs, x ascending; null y values are gaps. */
  readonly points: readonly (readonly [number, number | null])[];
  readonly color: string;
  /** Draw a dot at every point (validation series: few points). */
  readonly markers?: boolean;
  readonly width?: number;
  readonly opacity?: number;
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly series: readonly Series[];
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** Most points drawn per series; longer series are averaged in buckets (the data-count attribute keeps the true count). */
export const maxDrawnPoints = 1500;

/** "Nice" tick values covering [min, max]: steps of 1, 2 or 5 × 10^k. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function decimate(
  points: readonly (readonly [number, number | null])[],
): (readonly [number, number | null])[] {
  if (points.length <= maxDrawnPoints) return [...points];
  const size = Math.ceil(points.length / maxDrawnPoints);
  const out: [number, number | null][] = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size).filter((p): p is [number, number] => p[1] !== null);
    if (bucket.length === 0) continue;
    out.push([bucket[bucket.length - 1]![0], bucket.reduce((s, p) => s + p[1], 0) / bucket.length]);
  }
  return out;
}

/** An SVG line chart with axes, grid, ticks and a legend; empty series are listed but not drawn. */
export function lineChart(options: ChartOptions): string {
  const width = options.width ?? 600;
  const height = options.height ?? 260;
  const m = { left: 58, right: 16, top: 30, bottom: 40 };
  const all = options.series
    .flatMap((s) => s.points)
    .filter((p): p is [number, number] => p[1] !== null && Number.isFinite(p[1]));
  const logY = options.logY === true && all.every((p) => p[1] > 0);
  const ty = (v: number): number => (logY ? Math.log10(v) : v);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => ty(p[1]));
  let [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - (Math.abs(y0) || 1) * 0.1, y1 + (Math.abs(y1) || 1) * 0.1];
  const pad = (y1 - y0) * 0.05;
  [y0, y1] = [y0 - pad, y1 + pad];
  const px = (x: number): number => m.left + ((x - x0) / (x1 - x0)) * (width - m.left - m.right);
  const py = (y: number): number =>
    height - m.bottom - ((ty(y) - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const f = (v: number): string => (Math.round(v * 10) / 10).toString();
  const out: string[] = [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<text x="${m.left}" y="18" font-size="13" font-weight="bold">${escapeHtml(options.title)}</text>`,
  ];
  const yTicks = logY
    ? niceTicks(y0, y1, 4)
        .filter((t) => Number.isInteger(t))
        .map((t) => 10 ** t)
    : niceTicks(y0, y1, 5);
  for (const t of yTicks) {
    const y = py(t);
    out.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${f(y)}" y2="${f(y)}" stroke="#e3e3e3"/>`,
      `<text x="${m.left - 6}" y="${f(y + 4)}" font-size="10" text-anchor="end" fill="#555">${formatNumber(t, 3)}</text>`,
    );
  }
  for (const t of niceTicks(x0, x1, 6)) {
    const x = px(t);
    out.push(
      `<line x1="${f(x)}" x2="${f(x)}" y1="${height - m.bottom}" y2="${height - m.bottom + 4}" stroke="#888"/>`,
      `<text x="${f(x)}" y="${height - m.bottom + 16}" font-size="10" text-anchor="middle" fill="#555">${formatNumber(t, 4)}</text>`,
    );
  }
  out.push(
    `<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="#888"/>`,
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" stroke="#888"/>`,
    `<text x="${(m.left + width - m.right) / 2}" y="${height - 6}" font-size="11" text-anchor="middle" fill="#333">${escapeHtml(options.xLabel)}${logY ? ' (log scale y)' : ''}</text>`,
  );
  // The legend goes on top of the lines, on a translucent card so it stays readable.
  const legend: string[] = [
    `<rect x="${width - m.right - 156}" y="${m.top - 6}" width="152" height="${options.series.length * 15 + 6}" fill="#fff" fill-opacity="0.85"/>`,
  ];
  options.series.forEach((s, k) => {
    const drawn = decimate(s.points.filter((p) => p[1] === null || Number.isFinite(p[1])));
    // Split at gaps so a missing value does not draw a line across it.
    const runs: string[][] = [[]];
    for (const [x, y] of drawn) {
      if (y === null || (logY && y <= 0)) runs.push([]);
      else runs[runs.length - 1]!.push(`${f(px(x))},${f(py(y))}`);
    }
    const count = s.points.filter((p) => p[1] !== null).length;
    out.push(`<g class="series" data-series="${escapeHtml(s.name)}" data-count="${count}">`);
    for (const run of runs.filter((r) => r.length > 0)) {
      out.push(
        `<polyline points="${run.join(' ')}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.6}" stroke-opacity="${s.opacity ?? 1}"/>`,
      );
      if (s.markers)
        for (const p of run)
          out.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="2.6" fill="${s.color}"/>`);
    }
    out.push('</g>');
    const lx = width - m.right - 150;
    const ly = m.top + 4 + k * 15;
    legend.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"/>`,
      `<text x="${lx + 24}" y="${ly + 4}" font-size="11">${escapeHtml(s.name)}${count === 0 ? ' (no data)' : ''}</text>`,
    );
  });
  out.push(...legend, '</svg>');
  return out.join('');
}

import { join } from 'node:path';
import { writeFileAtomicAsync } from '../../common/atomic-write.js';
import { renderNetworkSvg } from '../../compiler/graph/index.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { runCharts, smooth } from './charts.js';
import { escapeHtml, formatNumber } from './html-escape.js';
import { heldOutSection } from './held-out.js';
import { layerTable } from './layer-table.js';
import { readRun, type RunData } from './read-run.js';
import { listValidationSamples, overlayPng, pngDataUri } from './val-samples.js';

export const REPORT_FILE = 'report.html';
/** Samples shown; each is three images inlined as data URIs, so keep the file small. */
const maxSamples = 4;

const style = `
body{font:14px/1.45 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0 auto;max-width:1320px;padding:16px 24px;color:#222}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666;margin:0 0 12px}table{border-collapse:collapse;font-size:12.5px}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}.charts{display:flex;flex-wrap:wrap;gap:12px}
.charts figure{margin:0;border:1px solid #eee;padding:4px}.samples{display:flex;flex-wrap:wrap;gap:18px}.sample figure{display:inline-block;margin:0 6px 0 0;text-align:center;font-size:12px;color:#555}
.sample img{display:block;max-width:300px;image-rendering:pixelated;border:1px solid #ddd}pre{background:#f7f7f7;padding:10px;overflow:auto;font-size:12.5px}
.network{overflow:auto;border:1px solid #eee}.layers-wrap{max-height:520px;overflow:auto}.muted{color:#888}
@media print{body{max-width:none;padding:0}.layers-wrap,.network{max-height:none;overflow:visible}.network svg{max-width:100%;height:auto}
tr{break-inside:avoid}h2{break-after:avoid}section{break-inside:auto}pre{white-space:pre-wrap;overflow:visible}}`;

function summaryRows(run: RunData): [string, string][] {
  const rows: [string, string][] = [];
  const plan = run.plan;
  if (plan) {
    const input = plan.graph.nodes.find((n) => n.id === plan.graph.input);
    const output = plan.graph.outputs[0];
    rows.push(['network', `${plan.spec.name}${plan.spec.description ? ` — ${plan.spec.description}` : ''}`]);
    if (input && output)
      rows.push(['input → output', `${input.shape.join('×')} → ${output.shape.join('×')}`]);
    rows.push(
      ['parameters', formatNumber(plan.summary.params)],
      ['conv layers', String(plan.summary.convLayers)],
    );
  }
  if (run.marker)
    rows.push(['spec', run.marker.spec], ['seed', String(run.marker.seed)], ['started', run.marker.created]);
  const last = run.steps[run.steps.length - 1];
  if (last) {
    const smoothed = smooth(run.steps.map((s) => s.loss));
    const seconds = run.steps.reduce((s, r) => s + r.ms, 0) / 1000;
    rows.push(
      ['steps', `${last.step} (epoch ${last.epoch})`],
      ['final loss (smoothed)', formatNumber(smoothed[smoothed.length - 1])],
      [
        'training time',
        `${formatNumber(seconds / 60, 3)} min, ${formatNumber((seconds * 1000) / run.steps.length, 4)} ms/step`,
      ],
    );
  }
  const best =
    [...run.validations].reverse().find((v) => v.best) ?? run.validations[run.validations.length - 1];
  if (best) {
    const metrics = Object.entries(best.metrics)
      .map(([k, v]) => `${k} ${formatNumber(v)}`)
      .join(', ');
    rows.push([
      best.best ? `best validation (step ${best.step})` : `last validation (step ${best.step})`,
      metrics,
    ]);
  }
  const end = run.events
    .filter((e) => e.event === 'done' || e.event === 'early_stop' || e.event === 'interrupted')
    .pop();
  if (end)
    rows.push([
      'ended',
      `${end.event.replace('_', ' ')} at step ${end.step}${end.detail ? ` (${end.detail})` : ''}`,
    ]);
  return rows;
}

async function samplesSection(dir: string): Promise<string> {
  const samples = (await listValidationSamples(dir)).slice(0, maxSamples);
  if (samples.length === 0) return '<p class="muted">No validation samples were saved in val-samples/.</p>';
  const blocks: string[] = [];
  for (const s of samples) {
    const figures: string[] = [];
    try {
      figures.push(figure(pngDataUri(await overlayPng(s.image, null)), 'input'));
      if (s.truth) figures.push(figure(pngDataUri(await overlayPng(s.image, s.truth)), 'ground truth'));
      if (s.pred) figures.push(figure(pngDataUri(await overlayPng(s.image, s.pred)), 'prediction'));
    } catch (error) {
      figures.push(
        `<p class="muted">${escapeHtml(s.name)}: ${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`,
      );
    }
    blocks.push(
      `<div class="sample" data-sample="${escapeHtml(s.name)}"><h3>${escapeHtml(s.name)}</h3>${figures.join('')}</div>`,
    );
  }
  return `<div class="samples">${blocks.join('')}</div>`;
}

function figure(uri: string, caption: string): string {
  return `<figure><img src="${uri}" alt="${escapeHtml(caption)}"/><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function networkSection(run: RunData): string {
  if (!run.plan) return '<p class="muted">No plan.json in this run.</p>';
  try {
    return `<div class="network">${renderNetworkSvg(run.plan as unknown as CheckedModel).replace(/^<\?xml[^>]*>/, '')}</div>`;
  } catch {
    return '<p class="muted">The network could not be drawn.</p>';
  }
}

/** The report as one HTML string (no external resources: styles inline, charts SVG, images data URIs). */
export async function renderReport(dir: string): Promise<string> {
  const run = await readRun(dir);
  const title = run.plan?.spec.name ?? run.marker?.spec ?? dir;
  const charts = runCharts(run.steps, run.validations);
  const spec = run.specText
    ? `<p class="sub">${escapeHtml(run.specText.file)}</p><pre><code>${escapeHtml(run.specText.text)}</code></pre>`
    : run.plan
      ? `<p class="sub">normalised spec (the source file was not found)</p><pre><code>${escapeHtml(JSON.stringify(run.plan.spec, null, 2))}</code></pre>`
      : '<p class="muted">No spec found.</p>';
  const sections = [
    `<section id="summary"><h2>Summary</h2><table>${summaryRows(run)
      .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join('')}</table></section>`,
    await heldOutSection(dir),
    `<section id="curves"><h2>Training curves</h2>${
      run.steps.length === 0 ? '<p class="muted">The run log has no steps yet.</p>' : ''
    }<div class="charts">${charts.map((c) => `<figure data-chart="${escapeHtml(c.title)}">${c.svg}</figure>`).join('')}</div></section>`,
    `<section id="samples"><h2>Validation samples</h2><p class="sub">Classes other than 0 tinted over the input (class 1 red, 2 blue, 3 yellow, …).</p>${await samplesSection(dir)}</section>`,
    `<section id="network"><h2>Network</h2>${networkSection(run)}</section>`,
    `<section id="layers"><h2>Layers</h2>${run.plan ? `<div class="layers-wrap">${layerTable(run.plan.graph)}</div>` : '<p class="muted">No plan.json in this run.</p>'}</section>`,
    `<section id="spec"><h2>Spec</h2>${spec}</section>`,
  ];
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>' +
    `<meta name="viewport" content="width=device-width, initial-scale=1"/><title>unetc report — ${escapeHtml(title)}</title>` +
    `<style>${style}</style></head><body><h1>unetc training report — ${escapeHtml(title)}</h1>` +
    `<p class="sub">${escapeHtml(dir)} · written ${escapeHtml(new Date().toISOString())}</p>${sections.join('\n')}</body></html>\n`
  );
}

/**
 * Writes `<runDir>/report.html`, a single self-contained file that opens offline, and returns its
 * path. Safe to call during a run (it reads whatever the log holds) and again at the end.
 */
export async function writeReport(runDir: string): Promise<string> {
  const path = join(runDir, REPORT_FILE);
  await writeFileAtomicAsync(path, await renderReport(runDir));
  return path;
}

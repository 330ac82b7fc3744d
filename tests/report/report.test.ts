import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/runtime/report/index.js';
import { lineChart, niceTicks } from '../../src/runtime/report/svg-chart.js';
import { writeValidationSample } from '../../src/runtime/report/val-samples.js';
import { paperUnet } from '../graph/ir-fixtures.js';

const voidTags = new Set(['meta', 'img', 'br', 'hr', 'input', 'link']);

/** A small HTML/SVG well-formedness check: every non-void tag closes, in order. */
function checkBalanced(html: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  const body = html.replace(/<!DOCTYPE[^>]*>/i, '').replace(/<!--[\s\S]*?-->/g, '');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, , selfClose] = match;
    const tag = name!.toLowerCase();
    if (selfClose || voidTags.has(tag)) continue;
    if (!close) stack.push(tag);
    else if (stack.pop() !== tag) problems.push(`unexpected </${tag}>`);
  }
  return [...problems, ...stack.map((t) => `unclosed <${t}>`)];
}

function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('writeReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unetc-report-'));
  let html = '';
  const steps = 120;

  beforeAll(async () => {
    writeFileSync(
      join(dir, 'run.json'),
      JSON.stringify({
        format: 'unetc-run',
        version: 1,
        spec: 'tiny.unet',
        seed: 7,
        created: '2026-01-01T00:00:00Z',
      }),
    );
    writeFileSync(
      join(dir, 'spec.unet'),
      'name: "tiny <net>"\nnetwork { input: 64x64x1 classes: 2 depth: 2 filters: 8 }\n',
    );
    const lines: string[] = [JSON.stringify({ type: 'event', step: 0, event: 'start' })];
    for (let s = 1; s <= steps; s++) {
      lines.push(
        JSON.stringify({
          type: 'step',
          step: s,
          epoch: Math.ceil(s / 40),
          loss: 1 / s + 0.1,
          lr: 0.01 * 0.5 ** Math.floor(s / 50),
          ms: 30 + (s % 5),
          dataWaitMs: 1,
        }),
      );
      if (s % 40 === 0) {
        lines.push(
          JSON.stringify({
            type: 'validation',
            step: s,
            epoch: s / 40,
            best: s === 80,
            metrics: {
              val_loss: 0.5 - s / 1000,
              pixel_error: 0.2 - s / 2000,
              rand_error: 0.3,
              info_error: null,
              dice: 0.6 + s / 1000,
              iou: 0.5,
            },
          }),
        );
      }
    }
    lines.push(JSON.stringify({ type: 'event', step: steps, event: 'done' }));
    writeFileSync(join(dir, 'train.jsonl'), `${lines.join('\n')}\n{"type":"step","st`); // torn last line
    mkdirSync(join(dir, 'model'));
    const graph = paperUnet(64, 2, 8, 'same');
    const plan = {
      version: 1,
      spec: {
        name: 'tiny <net>',
        description: 'a test',
        network: {},
        data: null,
        augment: null,
        train: null,
      },
      graph,
      summary: { params: 1234, convLayers: 11 },
    };
    writeFileSync(join(dir, 'model', 'plan.json'), JSON.stringify(plan));
    const image = { shape: [16, 16, 1], data: Float32Array.from({ length: 256 }, (_, i) => i / 255) };
    const classes = {
      shape: [16, 16, 1],
      data: Float32Array.from({ length: 256 }, (_, i) => (i % 16 < 8 ? 1 : 0)),
    };
    await writeValidationSample(dir, 'val-0', { image, truth: classes, predicted: classes });
    const path = await writeReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    html = readFileSync(path, 'utf8');
  });

  it('is one well-formed, self-contained file', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(checkBalanced(html)).toEqual([]);
    // Nothing fetched from anywhere: no external src/href, no scripts.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('<script');
  });

  it('has every section, the spec text escaped and the layer table', () => {
    for (const id of ['summary', 'curves', 'samples', 'network', 'layers', 'spec']) section(html, id);
    expect(section(html, 'spec')).toContain('name: &quot;tiny &lt;net&gt;&quot;');
    const layers = section(html, 'layers');
    expect(layers.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(paperUnet(64, 2, 8, 'same').nodes.length);
    expect(layers).toContain('<code>enc0_conv1</code>');
    expect(section(html, 'summary')).toContain('best validation (step 80)');
    expect(section(html, 'network')).toContain('class="box box-input"');
  });

  it('draws charts holding the logged data points', () => {
    const curves = section(html, 'curves');
    for (const chart of [
      'Loss',
      'Learning rate',
      'Validation errors (lower is better)',
      'Validation overlap (higher is better)',
      'Step time',
    ]) {
      expect(curves).toContain(`data-chart="${chart}"`);
    }
    const lossGroup = curves.match(/data-series="training loss" data-count="(\d+)">(.*?)<\/g>/)!;
    expect(Number(lossGroup[1])).toBe(steps);
    expect(lossGroup[2]!.match(/points="([^"]*)"/)![1]!.split(' ')).toHaveLength(steps);
    const val = curves.match(/data-series="validation loss" data-count="(\d+)">(.*?)<\/g>/)!;
    expect(Number(val[1])).toBe(3);
    expect(val[2]!.match(/<circle/g)).toHaveLength(3);
    // A metric that is null everywhere is listed but not drawn.
    expect(curves).not.toContain('data-series="info_error" data-count="3"');
  });

  it('inlines the validation samples as PNG data URIs with the mask overlaid', () => {
    const samples = section(html, 'samples');
    const uris = [...samples.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]!);
    expect(uris).toHaveLength(3);
    const overlay = decode(Buffer.from(uris[2]!, 'base64'));
    expect([overlay.width, overlay.height, overlay.channels]).toEqual([16, 16, 3]);
    // Left half (class 1) tinted red: red exceeds green there, not on the right half.
    const px = (x: number, y: number) =>
      Array.from(overlay.data.slice((y * 16 + x) * 3, (y * 16 + x) * 3 + 3));
    expect(px(2, 8)[0]!).toBeGreaterThan(px(2, 8)[1]! + 50);
    expect(px(12, 8)[0]).toBe(px(12, 8)[1]);
  });
});

describe('charts', () => {
  it('picks nice ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 97, 5)).toEqual([20, 40, 60, 80]);
  });
  it('breaks lines at gaps and averages very long series', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'x',
      series: [
        {
          name: 's',
          color: '#000',
          points: [
            [0, 1],
            [1, null],
            [2, 3],
            [3, 4],
          ],
        },
      ],
    });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    const long = lineChart({
      title: 't',
      xLabel: 'x',
      series: [
        {
          name: 'l',
          color: '#000',
          points: Array.from({ length: 10_000 }, (_, i) => [i, Math.sin(i)] as const),
        },
      ],
    });
    expect(long).toContain('data-count="10000"');
    expect(long.match(/points="([^"]*)"/)![1]!.split(' ').length).toBeLessThanOrEqual(1500);
  });
});

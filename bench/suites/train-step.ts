import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSuite } from '../suite.js';

/**
 * U-Net training step and forward pass: tfjs (each backend that loads here, wasm at 1 and 2 threads) side by
 * side with PyTorch CPU at the same thread counts. Every measurement runs in its own process because the
 * wasm thread count is fixed at backend start. Knobs: UNETC_BENCH_NETS (comma list, default both nets),
 * UNETC_BENCH_CPU_STEP=1 (also time one cpu-backend step of unet188, ~7 minutes).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const TORCH_PYTHON = '/usr/bin/python3';

interface Measured {
  forwardMs: number[];
  stepMs: number[];
  threads: number;
  reason?: string;
  torch?: string;
}

type Outcome = { ok: true; data: Measured } | { ok: false; why: string };

interface NetPlan {
  net: string;
  steps: number;
  forwards: number;
}

const PLANS: NetPlan[] = [
  { net: 'unet188', steps: 5, forwards: 5 },
  { net: 'unet2015', steps: 2, forwards: 2 },
];

function runChild(command: string, args: string[]): Outcome {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 30 * 60_000,
    maxBuffer: 1 << 24,
  });
  const line = result.stdout?.trim().split('\n').at(-1) ?? '';
  if (result.status === 0 && line.startsWith('{')) return { ok: true, data: JSON.parse(line) as Measured };
  if (result.status === 3) return { ok: false, why: 'torch not installed (apt-get install python3-torch)' };
  const why =
    result.error?.message ??
    result.stderr?.trim().split('\n').filter(Boolean).at(-1) ??
    `exit ${result.status}`;
  return { ok: false, why: why.slice(0, 160) };
}

function tfjs(net: string, backend: string, threads: number, steps: number, forwards: number): Outcome {
  const child = path.join(here, '..', 'tfjs', 'unet-child.ts');
  const args = JSON.stringify({ net, backend, threads, steps, forwards });
  return runChild(process.execPath, ['--import', 'tsx', child, args]);
}

function torch(net: string, threads: number, steps: number, forwards: number): Outcome {
  if (!fs.existsSync(TORCH_PYTHON)) return { ok: false, why: `${TORCH_PYTHON} not found` };
  const script = path.join(here, '..', 'torch', 'unet_bench.py');
  return runChild(TORCH_PYTHON, [script, JSON.stringify({ net, threads, steps, forwards })]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function spread(values: number[]): string {
  if (values.length < 2) return `n=${values.length}`;
  return `median of ${values.length}, ${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))} ms`;
}

/** Two rows (forward, step) for one implementation; skipped rows carry the reason. */
function rowsFor(net: string, impl: string, outcome: Outcome, skipNote?: { step?: string }): BenchRow[] {
  const kinds = [
    ['forward', (m: Measured) => m.forwardMs],
    ['train step', (m: Measured) => m.stepMs],
  ] as const;
  return kinds.map(([kind, pick]) => {
    const label = `${net} ${kind}`;
    if (!outcome.ok) return { case: label, impl, ms: null, note: `skipped: ${outcome.why}` };
    const times = pick(outcome.data);
    if (times.length === 0) {
      return {
        case: label,
        impl,
        ms: null,
        note: `skipped: ${kind === 'train step' ? (skipNote?.step ?? 'not run') : 'not run'}`,
      };
    }
    return { case: label, impl, ms: Math.round(median(times) * 10) / 10, note: spread(times) };
  });
}

/** Adds "n× pytorch" to tfjs rows that have a PyTorch row at the same thread count. */
function compareToTorch(rows: BenchRow[]): BenchRow[] {
  return rows.map((row) => {
    const threads = /×(\d+)/.exec(row.impl)?.[1];
    const ref = rows.find(
      (r) => r.case === row.case && r.impl === `pytorch cpu ×${threads}` && r.ms !== null,
    );
    if (!row.impl.startsWith('tfjs') || ref === undefined || row.ms === null || ref.ms === null) return row;
    return { ...row, note: `${(row.ms / ref.ms).toFixed(2)}× pytorch ×${threads}; ${row.note ?? ''}` };
  });
}

export const suite: BenchSuite = {
  name: 'train-step',
  async run() {
    const wanted = (process.env['UNETC_BENCH_NETS'] ?? PLANS.map((p) => p.net).join(',')).split(',');
    const threadCounts = os.cpus().length >= 2 ? [1, 2] : [1];
    const rows: BenchRow[] = [];
    for (const plan of PLANS.filter((p) => wanted.includes(p.net))) {
      const { net, steps, forwards } = plan;
      for (const threads of threadCounts) {
        rows.push(...rowsFor(net, `tfjs wasm ×${threads}`, tfjs(net, 'wasm', threads, steps, forwards)));
        rows.push(...rowsFor(net, `pytorch cpu ×${threads}`, torch(net, threads, steps, forwards)));
      }
      rows.push(
        ...rowsFor(net, 'tfjs tensorflow', tfjs(net, 'tensorflow', os.cpus().length, steps, forwards)),
      );
      if (net === 'unet188') {
        const cpuStep = process.env['UNETC_BENCH_CPU_STEP'] === '1' ? 1 : 0;
        rows.push(
          ...rowsFor(net, 'tfjs cpu ×1', tfjs(net, 'cpu', 1, cpuStep, 1), {
            step: 'pure-JS cpu backend takes ~430 s per step (set UNETC_BENCH_CPU_STEP=1 to time one)',
          }),
        );
      } else {
        const why = 'pure-JS cpu backend is far too slow at 572×572 (minutes per forward)';
        rows.push(...rowsFor(net, 'tfjs cpu ×1', { ok: false, why }));
      }
    }
    return compareToTorch(rows);
  },
};

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
  /** Set by a child that failed part-way (what it measured before failing is kept). */
  error?: string;
}

type Outcome = { ok: true; data: Measured } | { ok: false; why: string; partial?: Measured };

interface NetPlan {
  net: string;
  steps: number;
  forwards: number;
  /** Untimed runs before timing (0 for the 572² net, whose single step is long enough to time cold). */
  warmup: number;
  timeoutMin: number;
}

const PLANS: NetPlan[] = [
  { net: 'unet188', steps: 5, forwards: 5, warmup: 1, timeoutMin: 10 },
  { net: 'unet2015', steps: 1, forwards: 2, warmup: 0, timeoutMin: 8 },
];

function runChild(command: string, args: string[], timeoutMin: number): Outcome {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: timeoutMin * 60_000,
    maxBuffer: 1 << 26,
  });
  const line = result.stdout?.trim().split('\n').at(-1) ?? '';
  const parsed = line.startsWith('{') ? (JSON.parse(line) as Measured) : undefined;
  if (result.status === 0 && parsed !== undefined) return { ok: true, data: parsed };
  if (result.status === 3) return { ok: false, why: 'torch not installed (apt-get install python3-torch)' };
  if (parsed?.error !== undefined) return { ok: false, why: parsed.error, partial: parsed };
  if (result.error !== undefined) {
    return { ok: false, why: `no result within ${timeoutMin} min (${result.error.message})` };
  }
  const lines = result.stderr?.split('\n') ?? [];
  const why =
    lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.filter(Boolean).at(-1) ?? `exit ${result.status}`;
  return { ok: false, why: why.slice(0, 200) };
}

function tfjs(
  plan: NetPlan,
  backend: string,
  threads: number,
  steps = plan.steps,
  forwards = plan.forwards,
): Outcome {
  const child = path.join(here, '..', 'tfjs', 'unet-child.ts');
  const args = JSON.stringify({ net: plan.net, backend, threads, steps, forwards, warmup: plan.warmup });
  return runChild(process.execPath, ['--import', 'tsx', child, args], plan.timeoutMin);
}

function torch(plan: NetPlan, threads: number): Outcome {
  if (!fs.existsSync(TORCH_PYTHON)) return { ok: false, why: `${TORCH_PYTHON} not found` };
  const script = path.join(here, '..', 'torch', 'unet_bench.py');
  const args = JSON.stringify({ net: plan.net, threads, steps: plan.steps, forwards: plan.forwards });
  return runChild(TORCH_PYTHON, [script, args], plan.timeoutMin);
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
    const data = outcome.ok ? outcome.data : outcome.partial;
    const times = (data === undefined ? undefined : pick(data)) ?? [];
    if (!outcome.ok && times.length === 0) {
      const verdict = /unavailable|not installed|not found|too slow/.test(outcome.why) ? 'skipped' : 'failed';
      return { case: label, impl, ms: null, note: `${verdict}: ${outcome.why}` };
    }
    if (!outcome.ok)
      return { case: label, impl, ms: Math.round(median(times) * 10) / 10, note: spread(times) };
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
  notes: [
    'Nets: unet2015 = 572²×1 → 388²×2, base 64, 4 poolings (31.0 M parameters); unet188 = 188²×1 → 100²×2, base 32,',
    '3 poolings. Batch 1, SGD momentum 0.99, softmax cross-entropy; tfjs nets are tfjs-layers models with Conv2D + bias',
    '+ ReLU run as one taped kernel in training, as `unetc train` runs them (src/runtime/train/fused-conv.ts);',
    'PyTorch is Debian python3-torch on CPU (oneDNN, AVX-512 on this CPU) with torch.set_num_threads(n).',
    'The machine is shared (see the load average): ×2 rows are the least reliable, because PyTorch/OpenMP threads',
    'degrade sharply when the 2 cores are oversubscribed; ×1 rows compare like with like.',
    'wasm SIMD is 128-bit without FMA: a quarter of the AVX-512 FMA throughput PyTorch uses here, which bounds',
    'any wasm kernel at several times PyTorch on compute-bound convs.',
  ].join(' '),
  async run() {
    const wanted = (process.env['UNETC_BENCH_NETS'] ?? PLANS.map((p) => p.net).join(',')).split(',');
    const threadCounts = os.cpus().length >= 2 ? [1, 2] : [1];
    const rows: BenchRow[] = [];
    for (const plan of PLANS.filter((p) => wanted.includes(p.net))) {
      const net = plan.net;
      for (const threads of threadCounts) {
        rows.push(...rowsFor(net, `tfjs wasm ×${threads}`, tfjs(plan, 'wasm', threads)));
        rows.push(...rowsFor(net, `pytorch cpu ×${threads}`, torch(plan, threads)));
      }
      rows.push(...rowsFor(net, 'tfjs tensorflow', tfjs(plan, 'tensorflow', os.cpus().length)));
      if (net === 'unet188') {
        const cpuStep = process.env['UNETC_BENCH_CPU_STEP'] === '1' ? 1 : 0;
        const cpuPlan = { ...plan, warmup: 0, timeoutMin: 15 };
        rows.push(
          ...rowsFor(net, 'tfjs cpu ×1', tfjs(cpuPlan, 'cpu', 1, cpuStep, 1), {
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

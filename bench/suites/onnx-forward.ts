import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSuite } from '../suite.js';

/**
 * Forward pass (inference) of the bench U-Nets: the ONNX model unetc emits, on onnxruntime-node,
 * side by side with tfjs wasm and PyTorch CPU at 1 and 2 threads. Every measurement runs in its
 * own process. Knobs: UNETC_BENCH_NETS (comma list, default both nets), UNETC_BENCH_FORWARDS
 * (timed passes per row, default 3 for unet188, 1 for unet2015).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const TORCH_PYTHON = '/usr/bin/python3';

interface Measured {
  forwardMs: number[];
  error?: string;
}

type Outcome = { ok: true; times: number[] } | { ok: false; why: string };

const NETS = [
  { net: 'unet188', forwards: 3, timeoutMin: 5 },
  { net: 'unet2015', forwards: 1, timeoutMin: 8 },
];

function runChild(command: string, args: string[], timeoutMin: number): Outcome {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: timeoutMin * 60_000 });
  const line = result.stdout?.trim().split('\n').at(-1) ?? '';
  const parsed = line.startsWith('{') ? (JSON.parse(line) as Measured) : undefined;
  if (result.status === 0 && parsed !== undefined) return { ok: true, times: parsed.forwardMs };
  if (result.status === 3) return { ok: false, why: 'torch not installed' };
  if (parsed?.error !== undefined) return { ok: false, why: parsed.error };
  if (result.error !== undefined) return { ok: false, why: `no result within ${timeoutMin} min` };
  const last = result.stderr?.split('\n').filter(Boolean).at(-1) ?? `exit ${result.status}`;
  return { ok: false, why: last.slice(0, 200) };
}

function node(script: string, args: object, timeoutMin: number): Outcome {
  return runChild(
    process.execPath,
    ['--import', 'tsx', path.join(here, '..', script), JSON.stringify(args)],
    timeoutMin,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function row(net: string, impl: string, outcome: Outcome): BenchRow {
  const label = `${net} forward`;
  if (!outcome.ok || outcome.times.length === 0)
    return { case: label, impl, ms: null, note: `skipped: ${outcome.ok ? 'no timing' : outcome.why}` };
  const t = outcome.times;
  const note =
    t.length > 1
      ? `median of ${t.length}, ${Math.round(Math.min(...t))}–${Math.round(Math.max(...t))} ms`
      : 'n=1';
  return { case: label, impl, ms: Math.round(median(t) * 10) / 10, note };
}

/** Adds "n× pytorch" to every non-PyTorch row with a PyTorch row at the same thread count. */
function compareToTorch(rows: BenchRow[]): BenchRow[] {
  return rows.map((r) => {
    const threads = /×(\d+)/.exec(r.impl)?.[1];
    const ref = rows.find((o) => o.case === r.case && o.impl === `pytorch cpu ×${threads}`);
    if (r.impl.startsWith('pytorch') || r.ms === null || !ref?.ms) return r;
    return { ...r, note: `${(r.ms / ref.ms).toFixed(2)}× pytorch ×${threads}; ${r.note ?? ''}` };
  });
}

export const suite: BenchSuite = {
  name: 'onnx-forward',
  notes: [
    'Batch-1 forward pass, no gradient. onnxruntime-node runs the model `unetc compile --target onnx` emits for the',
    'same net (channels-last input, Transposes at both ends, opset 17, graph optimisation "all", intra-op threads =',
    'n); tfjs wasm is the bench tfjs-layers net; PyTorch is bench/torch/unet_bench.py with torch.set_num_threads(n).',
    'Goal: onnxruntime within 1.2× of PyTorch. The machine is shared (see the load average), so ×2 rows are noisy.',
  ].join(' '),
  async run() {
    const wanted = (process.env['UNETC_BENCH_NETS'] ?? NETS.map((n) => n.net).join(',')).split(',');
    const forwardsOverride = Number(process.env['UNETC_BENCH_FORWARDS'] ?? NaN);
    const threadCounts = os.cpus().length >= 2 ? [1, 2] : [1];
    const rows: BenchRow[] = [];
    for (const plan of NETS.filter((n) => wanted.includes(n.net))) {
      const forwards =
        Number.isInteger(forwardsOverride) && forwardsOverride > 0 ? forwardsOverride : plan.forwards;
      for (const threads of threadCounts) {
        const ortArgs = { net: plan.net, threads, forwards };
        rows.push(
          row(plan.net, `onnxruntime ×${threads}`, node('onnx/ort-child.ts', ortArgs, plan.timeoutMin)),
        );
        const tfjsArgs = { net: plan.net, backend: 'wasm', threads, steps: 0, forwards, warmup: 1 };
        rows.push(
          row(plan.net, `tfjs wasm ×${threads}`, node('tfjs/unet-child.ts', tfjsArgs, plan.timeoutMin)),
        );
        const torch = fs.existsSync(TORCH_PYTHON)
          ? runChild(
              TORCH_PYTHON,
              [
                path.join(here, '..', 'torch', 'unet_bench.py'),
                JSON.stringify({ net: plan.net, threads, steps: 0, forwards }),
              ],
              plan.timeoutMin,
            )
          : { ok: false as const, why: `${TORCH_PYTHON} not found` };
        rows.push(row(plan.net, `pytorch cpu ×${threads}`, torch));
      }
    }
    return compareToTorch(rows);
  },
};

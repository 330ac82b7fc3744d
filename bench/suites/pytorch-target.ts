import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDirAtomic } from '../../src/common/atomic-write.js';
import { pytorchModelFiles } from '../../src/compiler/emit/pytorch/pytorch-target.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import type { BenchRow, BenchSuite } from '../suite.js';

/**
 * The generated PyTorch module (`unetc compile --target pytorch`) against bench/torch/unet_bench.py's
 * hand-written U-Net: the same net (unet188: 188²×1 → 100²×2, base 32, 3 poolings, valid convs,
 * up-convs, crop-and-concat), input, loss, optimizer and thread count. The two run alternately,
 * UNETC_BENCH_ROUNDS times each (default 2), and the pooled medians are compared: generation
 * should cost nothing (goal ≤ 1.1×).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const TORCH_PYTHON = process.env['UNETC_PYTHON'] ?? '/usr/bin/python3';
const STEPS = 5;

const UNET188 = `name: "unet188"
network {
  input: 188 x 188 x 1
  classes: 2
  depth: 3
  filters: 32
  init: paper
  block {
    convs: 2
    kernel: 3
    padding: valid
    activation: relu
  }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: crop_concat
  head: softmax
}
`;

interface Measured {
  forwardMs: number[];
  stepMs: number[];
}

function measure(script: string, args: object): Measured | string {
  const result = spawnSync(TORCH_PYTHON, [path.join(here, '..', 'torch', script), JSON.stringify(args)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  const line = result.stdout?.trim().split('\n').at(-1) ?? '';
  if (result.status === 3) return 'torch not installed (apt-get install python3-torch)';
  if (result.status !== 0 || !line.startsWith('{'))
    return (result.stderr?.trim().split('\n').at(-1) ?? `exit ${result.status}`).slice(0, 200);
  return JSON.parse(line) as Measured;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function generatedPackage(): Promise<string> {
  const result = compileSource(UNET188, 'unet188.unet');
  if (!result.model) throw new Error('bench spec unet188 does not check');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unetc-bench-pytorch-'));
  await writeDirAtomic(dir, pytorchModelFiles(result.model, {}));
  return dir;
}

export const suite: BenchSuite = {
  name: 'pytorch-target',
  notes: [
    'Generated = the package `unetc compile --target pytorch` writes for unet188 (model.logits + CrossEntropyLoss);',
    'hand-written = bench/torch/unet_bench.py (nn.Sequential blocks, in-place ReLU). Batch 1, SGD momentum 0.99,',
    'Debian python3-torch on CPU, torch.set_num_threads(n). Both run alternately in fresh processes and the',
    'medians pool every timed step of every round; the machine is shared, so look at the ratio, not the ms.',
  ].join(' '),
  async run() {
    const dir = await generatedPackage();
    const rounds = Number(process.env['UNETC_BENCH_ROUNDS'] ?? 2);
    const rows: BenchRow[] = [];
    try {
      for (const threads of os.cpus().length >= 2 ? [1, 2] : [1]) {
        const pooled = {
          generated: { forwardMs: [] as number[], stepMs: [] as number[] },
          hand: { forwardMs: [] as number[], stepMs: [] as number[] },
        };
        let failure: string | undefined;
        for (let r = 0; r < rounds && failure === undefined; r++) {
          const generated = measure('generated_bench.py', { dir, threads, steps: STEPS, forwards: STEPS });
          const hand = measure('unet_bench.py', { net: 'unet188', threads, steps: STEPS, forwards: STEPS });
          for (const [m, into] of [
            [generated, pooled.generated],
            [hand, pooled.hand],
          ] as const) {
            if (typeof m === 'string') failure = m;
            else {
              into.forwardMs.push(...m.forwardMs);
              into.stepMs.push(...m.stepMs);
            }
          }
        }
        for (const kind of ['forwardMs', 'stepMs'] as const) {
          const label = `unet188 ${kind === 'stepMs' ? 'train step' : 'forward'}`;
          if (failure !== undefined) {
            rows.push({
              case: label,
              impl: `pytorch generated ×${threads}`,
              ms: null,
              note: `skipped: ${failure}`,
            });
            continue;
          }
          const gen = median(pooled.generated[kind]);
          const hand = median(pooled.hand[kind]);
          const n = pooled.generated[kind].length;
          rows.push({
            case: label,
            impl: `pytorch hand-written ×${threads}`,
            ms: Math.round(hand * 10) / 10,
            note: `median of ${n}`,
          });
          rows.push({
            case: label,
            impl: `pytorch generated ×${threads}`,
            ms: Math.round(gen * 10) / 10,
            note: `${(gen / hand).toFixed(2)}× hand-written; median of ${n}`,
          });
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

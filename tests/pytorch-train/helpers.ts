import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeDirAtomic } from '../../src/common/atomic-write.js';
import { decodeSafetensors } from '../../src/compiler/emit/pytorch/safetensors.js';
import { loadTarget } from '../../src/compiler/emit/targets/index.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { findPython } from '../../src/runtime/pytorch/find-python.js';
import type { RunLogRecord } from '../../src/runtime/train/run-log.js';

export const FIXTURES = resolve(import.meta.dirname, 'fixtures');
export const TINY_SPEC = join(FIXTURES, 'tiny.unet');

/** The Python the product would use (UNETC_PYTHON, python3 with torch, /usr/bin/python3). */
export const python = findPython();

/** Compiles a spec with `compile --target pytorch` into `dir` (the package train.py lives in). */
export async function compilePackage(spec: string, dir: string): Promise<string> {
  const result = compileSource(readFileSync(spec, 'utf8'), spec);
  if (!result.model) throw new Error(`${spec} does not compile`);
  const { files } = await (await loadTarget('pytorch')).emit(result.model, {});
  await writeDirAtomic(dir, files);
  return dir;
}

export interface PythonRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly stdout: string;
}

/**
 * Runs python with `args` (cwd: the fixtures, the spec's data root). `until`, when given, is polled
 * every 50 ms and may signal the process (its group, with `group`).
 */
export function runPython(
  args: readonly string[],
  options: { until?: (kill: (signal: NodeJS.Signals) => void) => void; group?: boolean } = {},
): Promise<PythonRun> {
  return new Promise((done, fail) => {
    const child = spawn(python, args, {
      cwd: FIXTURES,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.group === true,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const kill = (signal: NodeJS.Signals) =>
      options.group ? process.kill(-child.pid!, signal) : child.kill(signal);
    const timer = options.until ? setInterval(() => options.until!(kill), 50) : null;
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      done({ code, signal, stderr, stdout });
    });
  });
}

/** torchrun's command line for `nproc` CPU processes (gloo), as unetc starts it. */
export function torchrunArgs(nproc: number, logDir: string, train: readonly string[]): string[] {
  return [
    '-m',
    'torch.distributed.run',
    '--nproc_per_node',
    String(nproc),
    '--redirects',
    '1',
    '--tee',
    '1',
    '--log_dir',
    logDir,
    ...train,
  ];
}

/** Weights of a safetensors file, by tensor name. */
export function readWeights(path: string): Map<string, Float32Array> {
  const tensors = decodeSafetensors(readFileSync(path), path);
  return new Map([...tensors].map(([k, t]) => [k, t.data]));
}

/** Largest absolute difference over all tensors (they must have the same names). */
export function maxDifference(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  expectSameKeys(a, b);
  let max = 0;
  for (const [k, x] of a) {
    const y = b.get(k)!;
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
  }
  return max;
}

function expectSameKeys(a: Map<string, unknown>, b: Map<string, unknown>): void {
  const ka = [...a.keys()].sort().join(',');
  const kb = [...b.keys()].sort().join(',');
  if (ka !== kb) throw new Error(`different tensors: ${ka} vs ${kb}`);
}

export function readLog(path: string): RunLogRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RunLogRecord);
}

export function stepsIn(path: string): number {
  try {
    return readLog(path).filter((r) => r.type === 'step').length;
  } catch {
    return 0;
  }
}

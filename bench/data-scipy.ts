import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './suite.js';

const SCRIPT = fileURLToPath(new URL('./python/elastic_ref.py', import.meta.url));

/** A Python with SciPy: Debian's /usr/bin/python3 (python3-scipy) first, then `python3` on PATH. */
export function findScipyPython(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import scipy, numpy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

/** Run bench/python/elastic_ref.py and turn its JSON lines into rows (or one skipped row). */
export function runScipyReference(args: readonly string[], skipCase: string): BenchRow[] {
  const python = findScipyPython();
  if (python === null) {
    return [
      {
        case: skipCase,
        impl: 'scipy',
        ms: null,
        note: 'skipped: no python3 with scipy (apt-get install python3-scipy)',
      },
    ];
  }
  const run = spawnSync(python, [SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) {
    return [
      {
        case: skipCase,
        impl: 'scipy',
        ms: null,
        note: `skipped: reference failed: ${run.stderr.trim().split('\n').pop() ?? ''}`,
      },
    ];
  }
  return run.stdout
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as {
          case: string;
          impl: string;
          ms: number;
          min_ms: number;
          cpu_ms: number;
          reps: number;
        },
    )
    .map((r) => ({
      case: r.case,
      impl: r.impl,
      ms: r.ms,
      note: `cpu ${r.cpu_ms.toFixed(1)} ms/run, min wall ${r.min_ms.toFixed(1)} ms over ${r.reps} runs, 1 thread (${python}); load avg ${loadavg()[0]!.toFixed(1)}`,
    }));
}

/**
 * Mean and min wall time and mean CPU time (user + system) of `fn` over `reps` runs after one
 * warm-up. CPU time is the per-core figure that stays meaningful when other processes share the
 * machine; wall time is what the bench contract records.
 */
export function timeIt(fn: () => void, reps: number): { mean: number; min: number; cpu: number } {
  fn();
  let total = 0;
  let min = Infinity;
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    total += dt;
    min = Math.min(min, dt);
  }
  const c = process.cpuUsage(c0);
  return { mean: total / reps, min, cpu: (c.user + c.system) / 1000 / reps };
}

/** The note for an unetc row: CPU per run, min wall, load. */
export function timingNote(t: { min: number; cpu: number }, reps: number): string {
  return `cpu ${t.cpu.toFixed(1)} ms/run, min wall ${t.min.toFixed(1)} ms over ${reps} runs, 1 thread; load avg ${loadavg()[0]!.toFixed(1)}`;
}

/**
 * How fast `unetc check` is: one spec from a cold start (a spawned process, as CI and editors run
 * it; the target: well under 300 ms) and 1,000 specs in one process (target: under 2 s).
 * Also node's own start-up and the import cost of the parser library, which dominate a cold start.
 * Needs `npm run build` first (it spawns bin/unetc.js, which uses the build-time schema validator).
 * The machine is shared: the load average in the results header says how busy it was.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileSource } from '../../src/compiler/pipeline.js';
import type { BenchRow, BenchSuite } from '../suite.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const bin = join(root, 'bin/unetc.js');
const runs = 10;

/**
 * The child's own CPU time (user + system, ms), printed to stderr at exit by a preloaded one-liner:
 * on a shared machine wall time mostly measures the neighbours, CPU time measures unetc.
 */
const cpuMarker = 'unetc-bench-cpu:';
const cpuProbe = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('${cpuMarker}'+(u.user+u.system)/1000+'\\n')})`;

function cpuOf(stderr: string): number {
  const line = stderr.split('\n').find((l) => l.startsWith(cpuMarker));
  return line === undefined ? Number.NaN : Number(line.slice(cpuMarker.length));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One spawn of node with `args`: wall ms, the child's CPU ms, and whether it exited 0. */
function spawnOnce(
  args: readonly string[],
  cwd = root,
): { ms: number; cpuMs: number; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', cpuProbe, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ms: performance.now() - t0, cpuMs: cpuOf(r.stderr), status: r.status };
}

/** Median wall and CPU time of `runs` spawns (the median shrugs off a neighbour's burst of CPU). */
function spawnMs(args: readonly string[], cwd = root): { ms: number; cpuMs: number; ok: boolean } {
  const all = Array.from({ length: runs }, () => spawnOnce(args, cwd));
  return {
    ms: median(all.map((r) => r.ms)),
    cpuMs: median(all.map((r) => r.cpuMs)),
    ok: all.every((r) => r.status === 0),
  };
}

function librarySpecs(): string[] {
  return readdirSync(join(root, 'specs'))
    .filter((f) => /\.(unet|ya?ml)$/.test(f))
    .sort();
}

export const suite: BenchSuite = {
  name: 'check-speed',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const node = spawnMs(['-e', '0']);
    rows.push({
      case: 'cold start',
      impl: 'node -e 0 (node itself)',
      ms: node.ms,
      note: `median of ${runs}; cpu ${node.cpuMs.toFixed(0)} ms`,
    });
    const version = spawnMs([bin, '--version']);
    rows.push({
      case: 'cold start',
      impl: 'unetc --version',
      ms: version.ms,
      note: `median of ${runs}; cpu ${version.cpuMs.toFixed(0)} ms`,
    });
    const one = spawnMs([bin, 'check', 'specs/unet2015.unet']);
    rows.push({
      case: 'cold start',
      impl: 'unetc check specs/unet2015.unet',
      ms: one.ms,
      note: `median of ${runs}; cpu ${one.cpuMs.toFixed(0)} ms; target < 300 ms${one.ok ? '' : '; EXIT CODE NOT 0'}`,
    });
    const chevrotain = spawnMs(['--input-type=module', '-e', "await import('chevrotain')"]);
    rows.push({
      case: 'cold start',
      impl: "import('chevrotain') alone",
      ms: chevrotain.ms,
      note: `package entry: many small ESM files (~640 lodash-es modules); cpu ${chevrotain.cpuMs.toFixed(0)} ms`,
    });
    // What unetc loads instead (src/compiler/syntax/chevrotain.ts): the same API in one bundled file.
    const bundle = join(root, 'node_modules/chevrotain/lib/chevrotain.min.mjs');
    const bundled = spawnMs([
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(pathToFileURL(bundle).href)})`,
    ]);
    rows.push({
      case: 'cold start',
      impl: 'import chevrotain.min.mjs alone',
      ms: bundled.ms,
      note: `the bundle unetc loads (src/compiler/syntax/chevrotain.ts); cpu ${bundled.cpuMs.toFixed(0)} ms`,
    });

    // 1,000 specs: copies of the library (distinct files, so nothing is cached between them).
    const specs = librarySpecs();
    const dir = mkdtempSync(join(tmpdir(), 'unetc-bench-'));
    try {
      for (let i = 0; i < 1000; i++) {
        const spec = specs[i % specs.length]!;
        copyFileSync(join(root, 'specs', spec), join(dir, `${String(i).padStart(4, '0')}-${spec}`));
      }
      const all = Array.from({ length: 3 }, () => spawnOnce([bin, 'check', dir]));
      const bad = all.find((r) => r.status !== 0);
      rows.push({
        case: '1,000 specs',
        impl: 'unetc check <dir> (one process, spawned)',
        ms: median(all.map((r) => r.ms)),
        note: `median of 3; cpu ${median(all.map((r) => r.cpuMs)).toFixed(0)} ms; target < 2 s${bad ? `; exit ${bad.status}` : ''}`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The same work in this process, compile only: no start-up, no file I/O, no rendering.
    const texts = specs.map((s) => ({ name: s, text: readFileSync(join(root, 'specs', s), 'utf8') }));
    compileSource(texts[0]!.text, texts[0]!.name); // warm the parser once, as a long-lived process would
    const t1 = performance.now();
    const cpu1 = process.cpuUsage();
    for (let i = 0; i < 1000; i++) {
      const { name, text } = texts[i % texts.length]!;
      compileSource(text, `${i}-${name}`);
    }
    const ms = performance.now() - t1;
    const used = process.cpuUsage(cpu1);
    rows.push({
      case: '1,000 specs',
      impl: 'compileSource in process (warm)',
      ms,
      note: `cpu ${((used.user + used.system) / 1000).toFixed(0)} ms; from src/ under tsx`,
    });
    return rows;
  },
};

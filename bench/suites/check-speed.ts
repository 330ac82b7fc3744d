/**
 * How fast `unetc check` is: one spec from a cold start (a spawned process, as CI and editors run
 * it; issue 2's target: well under 300 ms) and 1,000 specs in one process (target: under 2 s).
 * Also node's own start-up and the import cost of the parser library, which dominate a cold start.
 * Needs `npm run build` first (it spawns bin/unetc.js).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSource } from '../../src/compiler/pipeline.js';
import type { BenchRow, BenchSuite } from '../suite.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const bin = join(root, 'bin/unetc.js');
const runs = 10;

/** Median wall time of `runs` spawns (the median shrugs off a neighbour's burst of CPU). */
function spawnMs(args: readonly string[], cwd = root): { ms: number; ok: boolean } {
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: 'ignore',
    });
    times.push(performance.now() - t0);
    ok &&= r.status === 0;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, ok };
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
      note: `median of ${runs}`,
    });
    const version = spawnMs([bin, '--version']);
    rows.push({ case: 'cold start', impl: 'unetc --version', ms: version.ms, note: `median of ${runs}` });
    const one = spawnMs([bin, 'check', 'specs/unet2015.unet']);
    rows.push({
      case: 'cold start',
      impl: 'unetc check specs/unet2015.unet',
      ms: one.ms,
      note: `median of ${runs}; target < 300 ms${one.ok ? '' : '; EXIT CODE NOT 0'}`,
    });
    const chevrotain = spawnMs(['--input-type=module', '-e', "await import('chevrotain')"]);
    rows.push({
      case: 'cold start',
      impl: "import('chevrotain') alone",
      ms: chevrotain.ms,
      note: 'package entry: many small ESM files',
    });

    // 1,000 specs: copies of the library (distinct files, so nothing is cached between them).
    const specs = librarySpecs();
    const dir = mkdtempSync(join(tmpdir(), 'unetc-bench-'));
    try {
      for (let i = 0; i < 1000; i++) {
        const spec = specs[i % specs.length]!;
        copyFileSync(join(root, 'specs', spec), join(dir, `${String(i).padStart(4, '0')}-${spec}`));
      }
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [bin, 'check', dir], {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: 'ignore',
      });
      rows.push({
        case: '1,000 specs',
        impl: 'unetc check <dir> (one process, spawned)',
        ms: performance.now() - t0,
        note: `target < 2 s${r.status === 0 ? '' : `; exit ${r.status}`}`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The same work in this process, compile only: no start-up, no file I/O, no rendering.
    const texts = specs.map((s) => ({ name: s, text: readFileSync(join(root, 'specs', s), 'utf8') }));
    compileSource(texts[0]!.text, texts[0]!.name); // warm the parser once, as a long-lived process would
    const t1 = performance.now();
    for (let i = 0; i < 1000; i++) {
      const { name, text } = texts[i % texts.length]!;
      compileSource(text, `${i}-${name}`);
    }
    rows.push({ case: '1,000 specs', impl: 'compileSource in process (warm)', ms: performance.now() - t1 });
    return rows;
  },
};

/**
 * Long fuzzing runs of compileSource (the test runs a few thousand cases; this runs as many as you
 * ask): `node --import tsx scripts/fuzz.ts [--cases 200000] [--seconds 60] [--seed 1] [--out out/fuzz]`.
 * Every input that throws, hits an internal error (UNC9000) or reports a span outside its file is
 * written to --out with its violations, and the script exits 1. If the process dies (out of memory),
 * --out/last-input.txt holds the input that killed it (first line: the file name it was given).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/common/atomic-write.js';
import { compileInvariantViolations } from '../tests/support/compile-invariants.js';
import { garbage, mutate, seededRandom, tokenSoup } from '../tests/support/fuzz-inputs.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '0' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    out: { type: 'string', default: 'out/fuzz' },
  },
});
const cases = Number(values.cases);
const deadline = Number(values.seconds) > 0 ? Date.now() + Number(values.seconds) * 1000 : Infinity;
const seed = Number(values.seed);

const seedSpecs = ['specs', 'tests/cases']
  .flatMap((dir) => walk(dir))
  .filter((p) => /\.(unet|ya?ml)$/.test(p))
  .map((p) => ({ name: p, text: readFileSync(p, 'utf8') }));

let failures = 0;
let run = 0;
const started = Date.now();
for (; run < cases && Date.now() < deadline; run++) {
  const rand = seededRandom(seed * 1_000_003 + run);
  const kind = run % 10;
  const base = seedSpecs[Math.floor(rand() * seedSpecs.length)];
  const [text, fileName] =
    kind < 6 && base
      ? [mutate(rand, base.text, 6), base.name]
      : kind < 9
        ? [tokenSoup(rand, 120), 'soup.unet']
        : [garbage(rand, 400), rand() < 0.5 ? 'garbage.unet' : 'garbage.yaml'];
  // A case that exhausts memory kills the process before it can be reported: keep it on disk.
  writeFileAtomic(join(values.out, 'last-input.txt'), `${fileName}\n${text}`, { mkdirs: true });
  const problems = compileInvariantViolations(text, fileName);
  if (problems.length > 0) {
    failures++;
    const ext = fileName.endsWith('.yaml') || fileName.endsWith('.yml') ? '.yaml' : '.unet';
    const file = join(values.out, `case-${seed}-${run}${ext}`);
    writeFileAtomic(file, text, { mkdirs: true });
    writeFileAtomic(`${file}.txt`, `${problems.join('\n')}\n`, { mkdirs: true });
    if (failures <= 10) process.stderr.write(`${file}: ${problems[0]}\n`);
  }
}
const seconds = (Date.now() - started) / 1000;
process.stdout.write(
  `fuzz: ${run} cases in ${seconds.toFixed(1)} s (${Math.round(run / seconds)}/s), seed ${seed}, ${failures} failing` +
    (failures > 0 ? ` — inputs in ${values.out}/` : '') +
    '\n',
);
process.exitCode = failures > 0 ? 1 : 0;

function walk(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

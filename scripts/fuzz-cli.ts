/**
 * Hostile-input fuzzing of the unetc CLI: `npm run fuzz:cli -- [--cases 10000] [--seed 1]
 * [--train 20] [--kinds spec,bomb,…] [--out out/fuzz-cli]`. Random and mutated specs (.unet and
 * YAML), YAML bombs, hostile names and output paths, corrupt and lying images, corrupt or escaping
 * model folders (run in-process in a child, each in a scratch folder with sentinel files), then
 * tiny trainings killed with SIGKILL and resumed. Exits 1 on any exit 70, hang, stack trace, lost
 * file or write outside the output folder; failing cases are written to --out.
 */
import { parseArgs } from 'node:util';
import { caseKinds, type CaseKind } from '../tests/support/fuzz-cli-cases.js';
import { runCliFuzz } from '../tests/support/fuzz-cli-run.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    train: { type: 'string' },
    kinds: { type: 'string', default: caseKinds.join(',') },
    out: { type: 'string', default: 'out/fuzz-cli' },
  },
});
const cases = Number(values.cases);
const kinds = values.kinds
  .split(',')
  .filter((k): k is CaseKind => (caseKinds as readonly string[]).includes(k));
const summary = await runCliFuzz({
  cases,
  seed: Number(values.seed),
  kinds,
  trainCases: values.train !== undefined ? Number(values.train) : Math.max(2, Math.round(cases / 500)),
  failuresDir: values.out,
  log: (line) => process.stderr.write(`${line}\n`),
});
const table = (t: Record<string, number>): string =>
  Object.entries(t)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
process.stdout.write(
  `fuzz:cli: ${summary.cases} cases in ${summary.seconds.toFixed(0)} s, seed ${values.seed}\n` +
    `  by kind: ${table(summary.byKind)}\n  exit codes: ${table(summary.exitCodes)}\n` +
    `  failing: ${summary.failures.length}${summary.failures.length > 0 ? ` (inputs in ${values.out}/)` : ''}\n`,
);
process.exitCode = summary.failures.length > 0 ? 1 : 0;

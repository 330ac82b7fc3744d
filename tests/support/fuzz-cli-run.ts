/**
 * Runs the CLI fuzz: hostile cases through unetc in a child process (in-process there, for speed),
 * each in its own scratch folder, checked for exit 70, hangs, stack traces, lost files and writes
 * outside the output folder; then a few tiny trainings killed with SIGKILL at random points and
 * resumed. Shared by scripts/fuzz-cli.ts (10,000s of cases) and tests/fuzz-cli.test.ts (a few hundred).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/common/atomic-write.js';
import {
  caseKinds,
  drawKind,
  makeCase,
  type CaseKind,
  type CaseResources,
  type CliCase,
} from './fuzz-cli-cases.js';
import { CliRunner } from './fuzz-cli-runner-process.js';
import {
  fileViolations,
  layOut,
  makeSandbox,
  resetSandbox,
  snapshotSandbox,
  type Sandbox,
} from './fuzz-cli-sandbox.js';
import { killedTrainingCase, trainingFiles } from './fuzz-cli-train.js';
import { seededRandom } from './fuzz-inputs.js';
import { hasStackTrace, repoRoot } from '../cli/run-cli.js';
import { grayPngBytes } from './gray-png.js';

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  readonly kinds?: readonly CaseKind[];
  /** SIGKILLed trainings, run after the in-process cases. */
  readonly trainCases: number;
  /** Failing cases are written here (files, argv, problems). */
  readonly failuresDir?: string;
  readonly log?: (line: string) => void;
}

export interface FuzzFailure {
  readonly index: number;
  readonly kind: CaseKind | 'train';
  readonly argv: readonly string[];
  readonly problems: readonly string[];
}

export interface FuzzSummary {
  cases: number;
  readonly byKind: Record<string, number>;
  readonly exitCodes: Record<string, number>;
  readonly failures: FuzzFailure[];
  readonly seconds: number;
}

/** Paths a command might be tricked into writing outside every sandbox level. */
const escapeTargets = ['/tmp/unetc-fuzz-escape', '/tmp/unetc-fuzz-absolute'];

export async function runCliFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const base = mkdtempSync(join(tmpdir(), 'unetc-fuzz-'));
  const sandbox = makeSandbox(base);
  const runner = new CliRunner();
  const summary: FuzzSummary = { cases: 0, byKind: {}, exitCodes: {}, failures: [], seconds: 0 };
  try {
    const resources = await prepareResources(runner, sandbox);
    const kinds = options.kinds ?? caseKinds;
    for (let index = 0; index < options.cases; index++) {
      const rand = seededRandom(options.seed * 1_000_003 + index);
      const kind = drawKind(rand, kinds);
      const cliCase = makeCase(rand, kind, resources);
      const problems = await runCase(runner, sandbox, cliCase, summary);
      count(summary.byKind, kind);
      summary.cases++;
      if (problems.length > 0)
        record(summary, options, sandbox, { index, kind, argv: cliCase.argv, problems }, cliCase);
      if ((index + 1) % 500 === 0)
        log(`fuzz:cli ${index + 1}/${options.cases} cases, ${summary.failures.length} failing`);
    }
    if (options.trainCases > 0 && !existsSync(join(repoRoot, 'dist/cli/main.js')))
      throw new Error('fuzz:cli: the training cases run the built CLI: run `npm run build` first');
    for (let t = 0; t < options.trainCases; t++) {
      const index = options.cases + t;
      const rand = seededRandom(options.seed * 1_000_003 + index);
      const result = await killedTrainingCase(
        rand,
        sandbox,
        trainingFiles(resources.tinySpec, resources.image, resources.mask),
      );
      count(summary.byKind, 'train');
      for (const code of result.codes) count(summary.exitCodes, String(code));
      summary.cases++;
      if (result.problems.length > 0)
        record(summary, options, sandbox, {
          index,
          kind: 'train',
          argv: result.argv,
          problems: result.problems,
        });
      log(`fuzz:cli train ${t + 1}/${options.trainCases}: exits ${result.codes.join(', ')}`);
    }
  } finally {
    runner.close();
    rmSync(base, { recursive: true, force: true });
  }
  return { ...summary, seconds: (Date.now() - started) / 1000 };
}

async function runCase(
  runner: CliRunner,
  sandbox: Sandbox,
  cliCase: CliCase,
  summary: FuzzSummary,
): Promise<string[]> {
  layOut(sandbox, cliCase.files);
  const before = snapshotSandbox(sandbox);
  const result = await runner.run(sandbox.caseDir, cliCase.argv, cliCase.timeout);
  const problems: string[] = [];
  if (result === 'hang') problems.push(`hang: no exit within ${cliCase.timeout} s`);
  else {
    count(summary.exitCodes, String(result.code));
    if (![0, 1, 2].includes(result.code)) problems.push(`exit ${result.code}`);
    if (hasStackTrace(result.output)) problems.push('stack trace in the output');
    if (/internal error|UNC9000/.test(result.output)) problems.push('internal error in the output');
  }
  const after = snapshotSandbox(sandbox);
  problems.push(...fileViolations(before, after, cliCase.outputs));
  // A case that wrote or deleted above the case folder must not taint the next one's verdict.
  if (
    [...after.outside].some(([rel, hash]) => before.outside.get(rel) !== hash) ||
    after.outside.size !== before.outside.size
  )
    resetSandbox(sandbox);
  for (const target of escapeTargets) {
    if (existsSync(target)) {
      problems.push(`wrote outside every folder: ${target}`);
      rmSync(target, { recursive: true, force: true });
    }
  }
  if (problems.length > 0 && result !== 'hang') problems.push(`output: ${result.output.slice(0, 2000)}`);
  return problems;
}

/** Compiles the tiny spec once (through the runner) for the predict and model cases. */
async function prepareResources(runner: CliRunner, sandbox: Sandbox): Promise<CaseResources> {
  const tinySpec = readFileSync(join(repoRoot, 'tests/train/fixtures/tiny.unet'), 'utf8');
  layOut(sandbox, { 'tiny.unet': tinySpec });
  const compiled = await runner.run(sandbox.caseDir, ['compile', 'tiny.unet', '-o', 'model'], 120);
  if (compiled === 'hang' || compiled.code !== 0)
    throw new Error(
      `fuzz:cli: cannot compile the tiny spec: ${compiled === 'hang' ? 'hang' : compiled.output}`,
    );
  const modelDir = join(sandbox.caseDir, 'model');
  const tinyModel = Object.fromEntries(
    readdirSync(modelDir).map((f) => [f, readFileSync(join(modelDir, f))]),
  );
  const seeds = ['specs', 'tests/cases', 'examples']
    .flatMap((dir) => walk(join(repoRoot, dir)))
    .filter((p) => /\.(unet|ya?ml)$/.test(p))
    .map((p) => ({ name: p, text: readFileSync(p, 'utf8') }));
  const mask = grayPngBytes(
    Array.from({ length: 32 }, (_, y) => Array.from({ length: 32 }, (_, x) => (x > 12 && y > 8 ? 255 : 0))),
  );
  const image = grayPngBytes(
    Array.from({ length: 32 }, (_, y) => Array.from({ length: 32 }, (_, x) => (x * 7 + y * 3) % 256)),
  );
  return { seeds, tinySpec, tinyModel, image, mask };
}

function record(
  summary: FuzzSummary,
  options: FuzzOptions,
  sandbox: Sandbox,
  failure: FuzzFailure,
  cliCase?: CliCase,
): void {
  summary.failures.push(failure);
  options.log?.(
    `FAIL #${failure.index} ${failure.kind} unetc ${failure.argv.join(' ')}: ${failure.problems[0]}`,
  );
  if (!options.failuresDir) return;
  const dir = join(options.failuresDir, `case-${options.seed}-${failure.index}`);
  const text = `seed ${options.seed}, case ${failure.index} (${failure.kind})\nunetc ${JSON.stringify(failure.argv)}\n\n${failure.problems.join('\n')}\n`;
  writeFileAtomic(join(dir, 'problems.txt'), text, { mkdirs: true });
  for (const [rel, content] of Object.entries(cliCase?.files ?? {})) {
    if (typeof content === 'object' && 'symlink' in content) continue;
    writeFileAtomic(join(dir, 'files', rel), content, { mkdirs: true });
  }
  void sandbox;
}

function count(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

function walk(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

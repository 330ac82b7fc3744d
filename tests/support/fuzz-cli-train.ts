/**
 * The CLI fuzz's interrupt cases: a tiny training in a child process, killed with SIGKILL at a
 * random moment (while starting, mid-step, while checkpointing), then resumed. Neither the kill nor
 * the resume may lose a user's file, write outside the run folder, crash (exit 70) or hang.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { hasStackTrace, repoRoot } from '../cli/run-cli.js';
import type { CaseFile } from './fuzz-cli-cases.js';
import { int, pick } from './fuzz-cli-cases.js';
import { fileViolations, layOut, snapshotSandbox, type Sandbox } from './fuzz-cli-sandbox.js';
import type { Random } from './fuzz-inputs.js';

/**
 * The built CLI (`npm run build`), as a user runs it: its data workers are plain JavaScript, where
 * the TypeScript sources would need tsx in every worker thread.
 */
const cli = join(repoRoot, 'bin/unetc.js');

/** The tiny spec with its data beside it: three 32×32 images and their 0/255 masks (paired by name). */
export function trainingFiles(
  tinySpec: string,
  image: Uint8Array,
  mask: Uint8Array,
): Record<string, CaseFile> {
  const spec = tinySpec
    .replace(/images: \[.*\]/, 'images: ["data/image/*.png"]')
    .replace(/masks: \[.*\]/, 'masks: ["data/label/*.png"]');
  const files: Record<string, CaseFile> = { 'spec.unet': spec };
  for (const i of [0, 1, 2]) {
    files[`data/image/${i}.png`] = image;
    files[`data/label/${i}.png`] = mask;
  }
  return files;
}

interface Exit {
  readonly code: number | null;
  readonly output: string;
  readonly hung: boolean;
}

function runChild(
  cwd: string,
  argv: readonly string[],
  killAfterMs: number | undefined,
  timeoutMs: number,
): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...argv], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    let hung = false;
    const collect = (chunk: Buffer): void => {
      if (output.length < 256 * 1024) output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const killer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const watchdog = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (killer) clearTimeout(killer);
      resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : null), output, hung });
    });
  });
}

export async function killedTrainingCase(
  rand: Random,
  sandbox: Sandbox,
  files: Record<string, CaseFile>,
): Promise<{ argv: string[]; codes: number[]; problems: string[] }> {
  const workers = pick(rand, [[], ['--workers', '0'], ['--workers', '2']]);
  // 40 steps take ~10 s on a busy machine: the kill lands while starting, stepping or checkpointing.
  const argv = ['train', 'spec.unet', '--out', 'run', '--backend', 'cpu', '--steps', '40', ...workers];
  layOut(sandbox, files);
  const before = snapshotSandbox(sandbox);
  const killAfter = int(rand, 300, 9_000);
  const problems: string[] = [];
  const first = await runChild(sandbox.caseDir, argv, killAfter, 180_000);
  const resumed = await runChild(sandbox.caseDir, [...argv, '--resume'], undefined, 180_000);
  const codes = [first.code ?? -1, resumed.code ?? -1];
  for (const [what, exit] of [
    [`killed after ${killAfter} ms`, first],
    ['resume', resumed],
  ] as const) {
    if (exit.hung) problems.push(`${what}: hang`);
    if (exit.code === 70) problems.push(`${what}: exit 70`);
    if (hasStackTrace(exit.output)) problems.push(`${what}: stack trace`);
    if (/internal error/.test(exit.output)) problems.push(`${what}: internal error`);
  }
  // The resume either finishes (0) or refuses with a one-line reason (1, 2).
  if (![0, 1, 2].includes(resumed.code ?? -1)) problems.push(`resume: exit ${resumed.code}`);
  problems.push(...fileViolations(before, snapshotSandbox(sandbox), ['run', 'runs']));
  if (problems.length > 0) problems.push(`resume output: ${resumed.output.slice(-1500)}`);
  return { argv: [...argv, `(SIGKILL after ${killAfter} ms, then --resume)`], codes, problems };
}

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const cli = resolve(import.meta.dirname, '../train/fixtures/run-cli.mts');
// An absolute loader URL: the child may run in a directory outside the repository.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const failWrites = pathToFileURL(resolve(import.meta.dirname, 'fail-writes.mjs')).href;

export interface ChildRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ChildOptions {
  readonly cwd?: string;
  /** Writes to paths matching this regular expression fail with `failCode` (default ENOSPC). */
  readonly failPath?: string;
  readonly failCode?: string;
}

function argsAndEnv(args: readonly string[], options: ChildOptions) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  if (options.failPath) env['UNETC_TEST_FAIL_PATH'] = options.failPath;
  if (options.failCode) env['UNETC_TEST_FAIL_CODE'] = options.failCode;
  return { argv: ['--import', tsx, '--import', failWrites, cli, ...args], env };
}

/**
 * Runs the CLI from the sources in a child process, as a user would (own cwd, own exit code).
 * Asynchronous, so the test runner's worker stays responsive while a training runs.
 */
export function runCliChild(args: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  return startCliChild(args, options).done;
}

/** The same, with the child process at hand (to kill it, or to run two at once). */
export function startCliChild(args: readonly string[], options: ChildOptions = {}) {
  const { argv, env } = argsAndEnv(args, options);
  const child = spawn(process.execPath, argv, { cwd: options.cwd ?? process.cwd(), env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const done = new Promise<ChildRun>((ok, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code: code ?? -1, stdout, stderr });
    });
  });
  return { child, done };
}

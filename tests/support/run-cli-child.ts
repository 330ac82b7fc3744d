import { spawn, spawnSync } from 'node:child_process';
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

/** Runs the CLI from the sources in a child process, as a user would (own cwd, own exit code). */
export function runCliChild(args: readonly string[], options: ChildOptions = {}): ChildRun {
  const { argv, env } = argsAndEnv(args, options);
  const r = spawnSync(process.execPath, argv, {
    cwd: options.cwd ?? process.cwd(),
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking: for two processes at once. */
export function startCliChild(args: readonly string[], options: ChildOptions = {}) {
  const { argv, env } = argsAndEnv(args, options);
  const child = spawn(process.execPath, argv, { cwd: options.cwd ?? process.cwd(), env, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<ChildRun>((ok) =>
    child.on('exit', (code) => ok({ code: code ?? -1, stdout: '', stderr })),
  );
  return { child, done };
}

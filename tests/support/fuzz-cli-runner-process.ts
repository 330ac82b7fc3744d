import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../cli/run-cli.js';

export interface RunResult {
  readonly code: number;
  readonly output: string;
}

interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly code?: number;
  readonly output?: string;
}

/**
 * The long-lived child that runs unetc in-process (scripts/fuzz-cli-runner.ts). A case that does
 * not answer in time is a hang: the child is killed with SIGKILL and a fresh one started.
 */
export class CliRunner {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private next = 0;
  private pending: ((reply: Reply) => void) | undefined;
  private casesInChild = 0;

  private start(): Promise<void> {
    const child = fork(join(repoRoot, 'scripts/fuzz-cli-runner.ts'), [], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    });
    child.stderr?.resume();
    this.child = child;
    this.casesInChild = 0;
    this.ready = new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`fuzz runner exited (${code}) before it was ready`)));
    });
    child.on('message', (reply: Reply) => {
      if (reply.id !== undefined && this.child === child) this.pending?.(reply);
    });
    // A runner that dies mid-case (out of memory) fails that case like an exit 70 would.
    child.on('exit', (code, signal) => {
      if (this.child === child)
        this.pending?.({ code: code ?? 137, output: `runner died: ${signal ?? code}` });
    });
    return this.ready;
  }

  async run(cwd: string, argv: readonly string[], timeoutSeconds: number): Promise<RunResult | 'hang'> {
    // A fresh child now and then keeps leaks (tfjs tensors, module caches) from adding up.
    if (this.child && this.casesInChild >= 2_000) this.close();
    if (!this.child) await this.start();
    await this.ready;
    this.casesInChild++;
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.close();
        resolve('hang');
      }, timeoutSeconds * 1000);
      this.pending = (reply) => {
        clearTimeout(timer);
        this.pending = undefined;
        if (reply.id === undefined) this.child = undefined;
        resolve({ code: reply.code ?? 70, output: reply.output ?? '' });
      };
      this.child!.send({ id, cwd, argv });
    });
  }

  close(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
    this.child = undefined;
  }
}

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCheckpoints, loadCheckpoint } from '../../src/runtime/train/checkpoint.js';
import { tinyData, tinySpec } from '../support/fault-fixtures.js';
import { hasStackTrace, repoRoot, runCli } from './run-cli.js';

/**
 * Ending a training run — by divergence or by Ctrl-C — with the default data workers (threads):
 * the worker pool used to keep the process from reporting either (a NaN loss exited 0 with no
 * message). Everything runs the built CLI in a child process, as a user does.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'unetc-interrupt-'));
  tinyData(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Interrupted {
  readonly code: number | null;
  /** Set when a signal ended the process (a second SIGINT after unetc's handlers were removed). */
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** The step of the progress line after which the first SIGINT went out. */
  readonly signalledAt: number;
  /** Milliseconds from the last SIGINT sent to the exit. */
  readonly exitAfterMs: number;
}

/**
 * `unetc train` with default settings (workers, backend) and the given extra arguments; after
 * the first progress line ("step N/…") it sends SIGINT, and a second one `againAfterMs` later.
 */
function trainAndInterrupt(args: readonly string[], againAfterMs: number | null): Promise<Interrupted> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/unetc.js'), 'train', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let signalledAt = -1;
    let lastSignal = 0;
    const signal = () => {
      lastSignal = Date.now();
      child.kill('SIGINT');
    };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const progress = /^step (\d+)\//m.exec(stderr);
      if (signalledAt < 0 && progress) {
        signalledAt = Number(progress[1]);
        signal();
        if (againAfterMs !== null) setTimeout(signal, againAfterMs);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stderr, signalledAt, exitAfterMs: Date.now() - lastSignal });
    });
  });
}

/** Every checkpoint left in a run directory loads (weights, optimizer, state). */
async function checkpointsLoad(out: string): Promise<number[]> {
  const root = join(out, 'checkpoints');
  const steps: number[] = [];
  for (const name of await listCheckpoints(root))
    steps.push((await loadCheckpoint(join(root, name))).state.step);
  return steps;
}

describe('a NaN loss with data worker threads', () => {
  for (const workers of [[], ['--workers', '2']]) {
    it(`says so and exits 1 (${workers.length === 0 ? 'default workers' : workers.join(' ')})`, () => {
      const spec = tinySpec(root, `nan${workers.length}`, {
        data: 'classes { background: 0, cell: 255 }\n  normalize: mean_std(0, 1e-30)',
        optimizer: 'sgd(lr: 10)',
      });
      const out = join(root, `nan-run${workers.length}`);
      const r = runCli(['train', spec, '--out', out, '--steps', '8', ...workers]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^unetc: the loss became NaN at step \d+ /);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(existsSync(join(out, 'model'))).toBe(false);
    });
  }
});

describe('Ctrl-C during training with the default data workers', () => {
  it('one SIGINT stops within about a step, saves a checkpoint and exits 130', async () => {
    // 16 filters: steps long enough that this test's own reaction time is not counted in steps
    const spec = tinySpec(root, 'ctrl-c', { filters: 16, checkpointEvery: 1000 });
    const out = join(root, 'ctrl-c-run');
    const r = await trainAndInterrupt([spec, '--out', out, '--steps', '2000'], null);
    expect(r.signalledAt).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/SIGINT: finishing the current step/);
    const stopped = /stopped at step (\d+) \(SIGINT\); checkpoint saved in .* --resume\b/.exec(r.stderr);
    expect(stopped, r.stderr).not.toBeNull();
    expect(Number(stopped![1]) - r.signalledAt, r.stderr).toBeLessThanOrEqual(5);
    expect(r.code).toBe(130);
    expect(await checkpointsLoad(out)).toEqual([Number(stopped![1])]);
    expect(existsSync(join(out, 'model'))).toBe(false);
  });

  it('a second SIGINT exits 130 at once and leaves the last good checkpoint loadable', async () => {
    // 64 filters: a step takes long enough that the second signal lands while the first is served
    const spec = tinySpec(root, 'twice', { filters: 64, checkpointEvery: 2 });
    const out = join(root, 'twice-run');
    const r = await trainAndInterrupt([spec, '--out', out, '--steps', '2000'], 150);
    // 130, or death by SIGINT (a shell reports 130 too) when the second signal came while the
    // process was already shutting down, its handlers gone.
    expect(r.code === 130 || r.signal === 'SIGINT', JSON.stringify(r)).toBe(true);
    // Both signals may be read in one turn of the event loop (the step was running): then the
    // second is taken for an echo and the run stops cleanly, as fast.
    expect(r.stderr).toMatch(/SIGINT again, exiting without saving|stopped at step \d+ \(SIGINT\)/);
    expect(r.exitAfterMs).toBeLessThan(5_000);
    const steps = await checkpointsLoad(out);
    expect(steps.length).toBeGreaterThan(0);
    const stoppedAt = /stopped at step (\d+)/.exec(r.stderr);
    if (stoppedAt) expect(Math.max(...steps)).toBe(Number(stoppedAt[1]));
    expect(readdirSync(out)).not.toContain('model');
    // The run resumes from that checkpoint (with its recorded 2,000 steps: stopped again at once).
    const resumed = await trainAndInterrupt([spec, '--out', out, '--resume'], null);
    expect(resumed.stderr).toMatch(new RegExp(`resuming the run in .* from step ${Math.max(...steps)} `));
    expect(resumed.code).toBe(130);
  });
});

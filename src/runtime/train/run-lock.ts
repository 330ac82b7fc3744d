import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../common/user-error.js';

/**
 * One training process per run directory: `<out>/train.lock` is created exclusively (O_EXCL) and
 * holds the owner's PID and host. A second `train` or `--resume` into the same directory is
 * refused while that process lives; a lock whose process is gone (killed, crashed) is stale and
 * taken over. The lock is removed when the run ends, and on any process exit.
 */
export const RUN_LOCK = 'train.lock';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

export interface RunLock {
  release(): void;
}

export async function lockRunDir(dir: string): Promise<RunLock> {
  if ((await stat(dir).catch(() => null))?.isDirectory() === false)
    throw new UserError(`--out ${dir} is a file; give a directory for the run (it is created if missing)`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, RUN_LOCK);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = readOwner(path);
      if (owner && isAlive(owner)) {
        throw new UserError(
          `${dir} is in use by another unetc train (PID ${owner.pid}${owner.host === me.host ? '' : ` on ${owner.host}`}, ` +
            `since ${owner.started}); wait for it to finish or stop it, or train into another --out`,
        );
      }
      // Stale: its process is gone (or the file is unreadable garbage). Take it over once.
      removeQuietly(path);
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    removeQuietly(path);
  };
  process.on('exit', release);
  return { release };
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : null;
  } catch {
    return null;
  }
}

/** Signal 0 tests for existence; EPERM means it exists under another user. Another host: assume alive. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

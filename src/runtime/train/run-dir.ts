import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomicAsync } from '../../common/atomic-write.js';
import { UserError } from '../../common/user-error.js';

/** `<out>/run.json`: marks a directory as a unetc training run (so --resume and reuse are safe). */
export interface RunMarker {
  readonly format: 'unetc-run';
  readonly version: 1;
  /** Absolute path of the spec file the run trains. */
  readonly spec: string;
  readonly seed: number;
  readonly created: string;
}

export const RUN_MARKER = 'run.json';

async function kindOf(path: string): Promise<'missing' | 'file' | 'dir'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

export async function readRunMarker(dir: string): Promise<RunMarker | null> {
  try {
    const marker = JSON.parse(await readFile(join(dir, RUN_MARKER), 'utf8')) as RunMarker;
    return marker.format === 'unetc-run' ? marker : null;
  } catch {
    return null;
  }
}

/**
 * Decides whether `out` may hold this run, before any work starts: a file is an error; an existing
 * run needs --resume (continue) or --force (start over in it); a non-empty directory that is not a
 * unetc run needs --force, so a typo never scribbles over someone's files. Returns the existing
 * run's marker (resume) or null (fresh start; the marker is written).
 */
export async function prepareRunDir(
  out: string,
  options: {
    readonly resume: boolean;
    readonly force: boolean;
    readonly spec: string;
    readonly seed: number;
  },
): Promise<RunMarker | null> {
  const kind = await kindOf(out);
  if (kind === 'file')
    throw new UserError(`--out ${out} is a file; give a directory for the run (it is created if missing)`);
  const existing = kind === 'dir' ? await readRunMarker(out) : null;
  if (kind === 'dir' && existing === null && !options.force && (await readdir(out)).length > 0) {
    throw new UserError(
      `--out ${out} is a non-empty directory that is not a unetc run; choose another --out (or pass --force to write into it)`,
    );
  }
  // A run whose preflight failed (bad data, no backend) never trained a step: reuse it freely.
  const started = existing !== null && (await kindOf(join(out, 'train.jsonl'))) !== 'missing';
  if (started && !options.resume && !options.force) {
    throw new UserError(
      `--out ${out} already holds a training run; pass --resume to continue it, --force to start over, or choose another --out`,
    );
  }
  if (started && options.resume) {
    if (existing.seed !== options.seed) {
      throw new UserError(
        `the run in ${out} used seed ${existing.seed}, not ${options.seed}; resume with --seed ${existing.seed} (or start a new run)`,
      );
    }
    return existing;
  }
  await mkdir(out, { recursive: true });
  const marker: RunMarker = {
    format: 'unetc-run',
    version: 1,
    spec: options.spec,
    seed: options.seed,
    created: new Date().toISOString(),
  };
  await writeFileAtomicAsync(join(out, RUN_MARKER), `${JSON.stringify(marker, null, 1)}\n`);
  return null;
}

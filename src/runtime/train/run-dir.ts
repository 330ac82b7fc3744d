import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomicAsync } from '../../common/atomic-write.js';
import { UserError } from '../../common/user-error.js';
import { RUN_LOCK } from './run-lock.js';

/**
 * The settings a run trains with after command-line overrides: recorded in run.json so that
 * `--resume` continues exactly the run that was started (same schedule length, batch, seed, size).
 */
export interface RunSettings {
  readonly epochs: number;
  readonly steps: number;
  readonly batch: number;
  readonly seed: number;
  readonly inputSize: readonly number[];
}

/** `<out>/run.json`: marks a directory as a unetc training run (so --resume and reuse are safe). */
export interface RunMarker {
  readonly format: 'unetc-run';
  readonly version: 1;
  /** Absolute path of the spec file the run trains. */
  readonly spec: string;
  readonly seed: number;
  readonly created: string;
  /** Absent in runs started before settings were recorded. */
  readonly settings?: RunSettings;
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

/** What the spec says and what the command line overrides. */
export interface SettingsSources {
  readonly spec: Omit<RunSettings, 'steps'> & { readonly stepsPerEpoch: number };
  readonly overrides: Partial<Pick<RunSettings, 'epochs' | 'steps' | 'batch' | 'seed'>>;
}

/** The settings sources of a run of this spec: its train section and input size, and the flags given. */
export function settingsSourcesOf(
  train: Pick<SettingsSources['spec'], 'epochs' | 'stepsPerEpoch' | 'batch' | 'seed'>,
  inputSize: readonly number[],
  overrides: SettingsSources['overrides'],
): SettingsSources {
  const { epochs, stepsPerEpoch, batch, seed } = train;
  return { spec: { epochs, stepsPerEpoch, batch, seed, inputSize }, overrides };
}

/**
 * The run's settings: on a resume the recorded ones (an explicit flag that contradicts them is
 * refused, since it would silently change the run); otherwise overrides over the spec.
 */
export function resolveSettings(
  out: string,
  sources: SettingsSources,
  recorded: RunSettings | null,
): RunSettings {
  const { spec, overrides } = sources;
  const pick = (flag: 'epochs' | 'steps' | 'batch' | 'seed', fallback: number): number => {
    const given = overrides[flag];
    const kept = recorded?.[flag];
    if (given !== undefined && kept !== undefined && given !== kept) {
      throw new UserError(
        `the run in ${out} was started with --${flag} ${kept}; resume without --${flag} (run.json keeps ` +
          `the run's settings), or start a new run with --force or another --out`,
      );
    }
    return given ?? kept ?? fallback;
  };
  if (recorded && recorded.inputSize.join('x') !== spec.inputSize.join('x')) {
    throw new UserError(
      `the run in ${out} trains at ${recorded.inputSize.join('x')}, not ${spec.inputSize.join('x')}; ` +
        `resume with --input-size ${recorded.inputSize.join('x')}, or start a new run with --force or another --out`,
    );
  }
  const epochs = pick('epochs', spec.epochs);
  const settings: RunSettings = {
    epochs,
    steps: pick('steps', epochs * spec.stepsPerEpoch),
    batch: pick('batch', spec.batch),
    seed: pick('seed', spec.seed),
    inputSize: spec.inputSize,
  };
  for (const flag of ['epochs', 'steps', 'batch'] as const) {
    const v = settings[flag];
    if (!Number.isInteger(v) || v < 1) throw new UserError(`--${flag} must be a positive integer (got ${v})`);
  }
  return settings;
}

export interface PreparedRunDir {
  /** The directory holds a started run that this one continues (--resume). */
  readonly continuing: boolean;
  /** It held a unetc run before (whose outputs a fresh start replaces). */
  readonly wasRun: boolean;
  readonly settings: RunSettings;
}

/**
 * Decides whether `out` may hold this run, before any work starts: a file is an error; an existing
 * run needs --resume (continue) or --force (start over in it); a non-empty directory that is not a
 * unetc run needs --force, so a typo never scribbles over someone's files. Writes run.json with
 * the settings in force (the recorded ones when continuing).
 */
export async function prepareRunDir(
  out: string,
  options: {
    readonly resume: boolean;
    readonly force: boolean;
    readonly spec: string;
    readonly settings: SettingsSources;
  },
): Promise<PreparedRunDir> {
  const kind = await kindOf(out);
  if (kind === 'file')
    throw new UserError(`--out ${out} is a file; give a directory for the run (it is created if missing)`);
  const existing = kind === 'dir' ? await readRunMarker(out) : null;
  const others = kind === 'dir' ? (await readdir(out)).filter((n) => n !== RUN_LOCK) : [];
  if (existing === null && !options.force && others.length > 0) {
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
  const continuing = started && options.resume;
  let settings: RunSettings;
  if (continuing && existing.settings === undefined) {
    // Recorded before settings were: only the seed is known.
    settings = resolveSettings(out, options.settings, null);
    if (existing.seed !== settings.seed) {
      throw new UserError(
        `the run in ${out} used seed ${existing.seed}, not ${settings.seed}; resume with --seed ${existing.seed} (or start a new run)`,
      );
    }
  } else {
    settings = resolveSettings(out, options.settings, continuing ? existing.settings! : null);
  }
  await mkdir(out, { recursive: true });
  const marker: RunMarker = {
    format: 'unetc-run',
    version: 1,
    spec: options.spec,
    seed: settings.seed,
    created: continuing ? existing.created : new Date().toISOString(),
    settings,
  };
  await writeFileAtomicAsync(join(out, RUN_MARKER), `${JSON.stringify(marker, null, 1)}\n`);
  return { continuing, wasRun: existing !== null, settings };
}

/**
 * Removes what a killed unetc left in the run directory: the hidden temporaries of model/,
 * compiled/ and best/ (safe: the caller holds the run's lock, so no other writer is at work).
 */
export async function removeStaleTemporaries(out: string): Promise<void> {
  for (const name of await readdir(out)) {
    if (/^\.(model|compiled|best)\.(tmp|old)-/.test(name))
      await rm(join(out, name), { recursive: true, force: true });
  }
}

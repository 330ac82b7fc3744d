import { rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { newestGoodCheckpoint, type FoundCheckpoint } from './checkpoint.js';
import { prepareRunDir, settingsSourcesOf, removeStaleTemporaries, type RunSettings } from './run-dir.js';
import type { TrainSection } from './train-preflight.js';

export interface TrainOverrides {
  readonly epochs?: number;
  readonly steps?: number;
  readonly seed?: number;
  readonly batch?: number;
}

/** What a previous run leaves that a fresh start in its directory must not mix with its own. */
const PREVIOUS_RUN_PROGRESS = ['checkpoints', 'best', 'train.jsonl', 'compiled'] as const;

export interface RunStart {
  /** The settings in force: the spec's with the overrides, or the recorded ones when resuming. */
  readonly settings: RunSettings;
  /** The intact checkpoint this run continues from; null for a start from step 0. */
  readonly resumeFrom: FoundCheckpoint | null;
}

/**
 * Readies the run directory (the caller holds its lock): decides whether `outDir` may hold this
 * run and records the settings (run-dir.ts), sweeps a killed run's temporaries, picks the
 * checkpoint to resume from and, when starting over in an old run's directory, drops that run's
 * progress. Only unetc's own names are touched, and model/ stays until this run's model
 * replaces it (a failed run must not lose the last model).
 */
export async function startRunDir(options: {
  readonly checked: CheckedModel;
  readonly train: TrainSection;
  readonly specPath: string;
  readonly outDir: string;
  readonly resume: boolean;
  readonly force: boolean;
  readonly overrides: TrainOverrides;
  readonly write: (line: string) => void;
}): Promise<RunStart> {
  const { train, outDir, write } = options;
  const prepared = await prepareRunDir(outDir, {
    resume: options.resume,
    force: options.force,
    spec: resolve(options.specPath),
    settings: settingsSourcesOf(train, options.checked.spec.network.inputSize, options.overrides),
  });
  const { settings } = prepared;
  await removeStaleTemporaries(outDir);
  const resumeFrom = prepared.continuing
    ? await newestGoodCheckpoint(join(outDir, 'checkpoints'), write)
    : null;
  if (options.resume && resumeFrom === null) write(`no checkpoint in ${outDir}; starting from step 0`);
  if (resumeFrom) {
    write(
      `resuming the run in ${outDir} from step ${resumeFrom.contents.state.step} (${basename(resumeFrom.dir)}) ` +
        `with its settings: ${settings.steps} steps, batch ${settings.batch}, seed ${settings.seed}, input ${settings.inputSize.join('×')}`,
    );
  }
  if (prepared.wasRun && resumeFrom === null) {
    for (const stale of PREVIOUS_RUN_PROGRESS)
      await rm(join(outDir, stale), { recursive: true, force: true });
  }
  return { settings, resumeFrom };
}

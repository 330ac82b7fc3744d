import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { writeCompiled } from '../../compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { UserError } from '../../common/user-error.js';
import { isOutOfMemory, outOfMemoryError } from './memory-guard.js';
import { weightsByName, writeRunReport } from './run-outputs.js';
import { TrainingDiverged } from './train-loop.js';
import type { TrainSessionResult } from './train-session.js';

/**
 * What a failed session means to the user: a diverged loss (exit 1) and an exhausted backend
 * (exit 2, what to make smaller) are one-line messages; anything else stays an internal error.
 */
export function translateTrainingError(
  error: unknown,
  context: { readonly backendName: string; readonly checked: CheckedModel; readonly specPath: string },
): unknown {
  if (error instanceof TrainingDiverged) return new UserError(error.message, 1);
  if (isOutOfMemory(error)) return outOfMemoryError(context.backendName, context.checked, context.specPath);
  return error;
}

/** A path as a shell word the user can paste (quoted only when it needs to be). */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Says where an interrupted run stopped and the command that continues it. */
export function reportInterrupted(
  result: TrainSessionResult,
  options: {
    readonly reason: string | null;
    readonly specPath: string;
    readonly outDir: string;
    readonly write: (line: string) => void;
  },
): void {
  const { specPath, outDir } = options;
  const why = options.reason ?? 'stop';
  options.write(
    result.state.step === result.resumedFrom
      ? `stopped (${why}) before the first step; nothing new to save`
      : `stopped at step ${result.state.step} (${why}); checkpoint saved in ${join(outDir, 'checkpoints')} — ` +
          `continue with: unetc train ${shellWord(specPath)} --out ${shellWord(outDir)} --resume ` +
          `(run.json keeps this run's settings)`,
  );
}

/**
 * A finished run's outputs: the selected weights as a compiled model in `<out>/model` (which
 * replaces an older one only once complete), the HTML report, and the closing line.
 * Returns the model directory.
 */
export async function writeFinishedRun(
  result: TrainSessionResult,
  options: {
    readonly checked: CheckedModel;
    readonly model: tf.LayersModel;
    readonly seed: number;
    readonly selectBy: string;
    readonly outDir: string;
    readonly write: (line: string) => void;
  },
): Promise<string> {
  const { outDir, write } = options;
  const modelDir = join(outDir, 'model');
  await writeCompiled(options.checked, modelDir, {
    seed: options.seed,
    weights: weightsByName(options.model),
    weightsFrom: `${outDir} (step ${result.state.step})`,
  });
  options.model.dispose();
  await writeRunReport(outDir, write);
  const best = result.state.best;
  write(
    `${result.outcome === 'early_stop' ? 'stopped early' : 'done'} after ${result.state.step} steps` +
      (best
        ? `; best ${best.metric} ${best.value.toFixed(4)} at epoch ${best.epoch}`
        : options.selectBy === 'last'
          ? '; the final weights kept (select_by: last)'
          : '') +
      `; model written to ${modelDir}`,
  );
  return modelDir;
}

import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { writeCompiled } from '../../compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import type { Plan } from '../../compiler/emit/training-plan.js';
import { UserError } from '../../common/user-error.js';
import { loadCompiled } from '../model/load-compiled.js';
import { compiledWeights } from './run-outputs.js';

/**
 * The network a run trains: a fresh start writes it as compiled (initial weights from the seed,
 * or a compiled directory's weights when fine-tuning) to `<out>/compiled`, which a resume
 * reloads. A resumed run whose spec's network changed since is refused: its checkpoints would
 * not fit the graph.
 */
export async function loadRunModel(options: {
  readonly checked: CheckedModel;
  readonly specPath: string;
  readonly outDir: string;
  readonly seed: number;
  readonly resuming: boolean;
  readonly initialWeightsFrom?: string;
}): Promise<{ model: tf.LayersModel; plan: Plan }> {
  const { checked, outDir } = options;
  const compiledDir = join(outDir, 'compiled');
  if (!options.resuming) {
    const from = options.initialWeightsFrom;
    const weights = from ? await compiledWeights(from) : undefined;
    await writeCompiled(checked, compiledDir, {
      seed: options.seed,
      ...(from && weights ? { weights, weightsFrom: from } : {}),
    });
  }
  const { model, plan } = await loadCompiled(compiledDir);
  if (JSON.stringify(plan.graph) !== JSON.stringify(checked.graph)) {
    throw new UserError(
      `the network in ${options.specPath} changed since the run in ${outDir} started; train it in a new --out (or pass --force)`,
    );
  }
  return { model, plan };
}

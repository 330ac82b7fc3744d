import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../compiler/emit/training-plan.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { UserError } from '../../common/user-error.js';
import { loadCompiled } from '../model/load-compiled.js';
import { assertFiniteWeights } from './check-weights.js';
import { predictorFromPlan, type Predictor } from './predict-tiled.js';

/**
 * The compiled directory holding a model's weights: the directory itself (model.json), or, for a
 * training run, its final `model/` (then `best/`). Throws a one-line UserError otherwise.
 */
export function resolveModelDir(path: string, flag: string): string {
  if (!existsSync(path))
    throw new UserError(`${flag} ${path} does not exist; pass a compiled model directory or a training run`);
  if (!statSync(path).isDirectory())
    throw new UserError(
      `${flag} ${path} is a file; pass a compiled model directory or a training run directory`,
    );
  for (const dir of [path, join(path, 'model'), join(path, 'best')]) {
    if (existsSync(join(dir, 'model.json')) && existsSync(join(dir, 'plan.json'))) return dir;
  }
  throw new UserError(
    `${flag} ${path} holds no model.json + plan.json (nor model/ or best/ of a training run); train first or run unetc compile`,
  );
}

export interface PredictorSource {
  /** A compiled directory or training run given as the positional argument, or null for a spec. */
  readonly modelDir: string | null;
  /** The checked spec when the positional argument was a spec file. */
  readonly checked: CheckedModel | null;
  readonly specPath: string;
  /** --weights, if given. */
  readonly weights?: string;
}

/**
 * Loads the model whose weights predict: `--weights` (a compiled dir or run) when given, else the
 * positional compiled directory — which must then carry trained weights, not the fresh ones
 * `unetc compile` writes. A spec is checked against the weights' network, layer by layer.
 */
export async function loadPredictor(source: PredictorSource): Promise<Predictor> {
  let weightsDir: string;
  if (source.weights !== undefined) weightsDir = resolveModelDir(source.weights, '--weights');
  else if (source.modelDir !== null) weightsDir = resolveModelDir(source.modelDir, 'model');
  else
    throw new UserError(
      `no weights: pass --weights <training run or compiled model directory> to predict with ${source.specPath}`,
    );
  const { model, plan } = await loadCompiled(weightsDir);
  if (source.weights === undefined && plan.provenance.weightsFrom === null) {
    model.dispose();
    throw new UserError(
      `${weightsDir} holds freshly initialised weights (unetc compile); pass --weights <training run>/model to predict with trained ones`,
    );
  }
  try {
    assertFiniteWeights(model, weightsDir);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const expected: Plan['graph'] | null = source.checked?.graph ?? null;
  if (expected !== null && JSON.stringify(expected) !== JSON.stringify(plan.graph)) {
    model.dispose();
    throw new UserError(
      `the weights in ${weightsDir} belong to a different network than ${source.specPath} (layers or shapes differ); pass the spec the model was trained from`,
    );
  }
  return predictorFromPlan(model, plan);
}

import { existsSync, statSync } from 'node:fs';
import { UserError } from '../common/user-error.js';
import type { CheckedModel } from '../compiler/ir/checked-model.js';
import type { InferenceBackendChoice } from '../common/backend-choices.js';
import type { Predictor } from '../runtime/predict/predict-tiled.js';
import { check } from './check.js';
import { SpecError } from './spec-error.js';
import type { SpecOptions } from './spec-input.js';

export interface PredictorOptions extends SpecOptions {
  /** Trained weights (a training run or compiled model directory) when `model` is a spec file. */
  readonly weights?: string;
  /** Inference engine: a tfjs backend or 'onnx' (onnxruntime-node); default 'auto'. */
  readonly backend?: InferenceBackendChoice;
  /** Input tile (default: the spec's data.predict.tile, else the network input). */
  readonly tile?: readonly number[];
}

export interface OpenPredictor {
  readonly predictor: Predictor;
  /** One line naming the backend in use and why. */
  readonly backendLine: string;
  dispose(): void;
}

/**
 * The predictor `predict` and `evaluate` share: a spec file plus `weights`, a compiled model
 * directory or a training run; the backend selected; the model re-tiled to the tile in use.
 */
export async function openPredictor(model: string, options: PredictorOptions = {}): Promise<OpenPredictor> {
  if (!existsSync(model))
    throw new UserError(
      `'${model}' does not exist; pass a spec file, a compiled model directory or a training run`,
    );
  const checked = statSync(model).isDirectory() ? null : checkedSpec(model, options);
  if (checked && options.weights === undefined)
    throw new UserError(
      `no weights: pass --weights <training run or compiled model directory> to predict with ${model}`,
    );
  const [predict, backend, inference] = await Promise.all([
    import('../runtime/predict/index.js'),
    import('../runtime/backend/use-backend.js'),
    import('../runtime/onnx/inference-backend.js'),
  ]);
  const engine = await inference.useInferenceBackend(options.backend ?? 'auto');
  const loaded = await predict.loadPredictor({
    modelDir: checked ? null : model,
    checked,
    specPath: model,
    ...(options.weights !== undefined ? { weights: options.weights } : {}),
  });
  const predictor = await inference.forInference(
    await predict.retiledPredictor(loaded, predict.predictTile(loaded.plan, options.tile)),
    engine,
  );
  return {
    predictor,
    backendLine: backend.describeBackend(engine.selected),
    dispose: () => predictor.runner.dispose(),
  };
}

function checkedSpec(path: string, options: SpecOptions): CheckedModel {
  const checked = check(path, options);
  if (!checked.model) throw new SpecError(path, checked, 'nothing predicted');
  return checked.model;
}

/**
 * unetc's programmatic API — what the `unetc` CLI itself runs on:
 *
 *   import { check, compile, train, predict, evaluate } from 'unetc';
 *
 * `check` and `compile` never load TensorFlow.js (they are also in the tfjs-free entry
 * `unetc/compiler`); `train`, `predict` and `evaluate` load it on first use. Problems the user can
 * fix throw `UserError` (one line, naming the file); spec errors throw `SpecError`, which carries
 * the diagnostics as data. See docs/api.md.
 */
export { check, type CheckResult } from './check.js';
export { compile, type CompileOptions, type CompileOutput } from './compile.js';
export { train, defaultWorkers, type TrainOptions, type TrainResult } from './train.js';
export { predict, type PredictOptions, type PredictedFile } from './predict.js';
export { evaluate, type Evaluation, type EvaluateModel, type EvaluatePredictions } from './evaluate.js';
export type { PredictorOptions } from './open-predictor.js';
export type { SpecInput, SpecOptions } from './spec-input.js';
export { SpecError } from './spec-error.js';
export { UserError } from '../common/user-error.js';
export type { OutputFile } from '../common/atomic-write.js';
export type { BackendChoice } from '../common/backend-choices.js';
export type { Diagnostic, Severity } from '../compiler/diagnostics/diagnostic.js';
export type { CheckedModel, ModelSummary } from '../compiler/ir/checked-model.js';
export type { IrGraph, IrNode } from '../compiler/ir/ir.js';
export type { ModelSpec } from '../compiler/spec/spec.js';
export type { TargetName } from '../compiler/emit/targets/index.js';
export type { TtaMode } from '../runtime/predict/dihedral.js';

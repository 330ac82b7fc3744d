/**
 * Public compiler API. The pipeline is visible in the tree:
 * source text → tokens → CST (syntax/) → spec document (syntax/build-document, yaml/) →
 * validated, normalised ModelSpec (spec/) → checked IR (check/, ir/) → emitted graph and plan (emit/).
 * Nothing under src/compiler imports tfjs.
 */
export { compileSource, type CompileOptions, type CompileResult } from './pipeline.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export type { Span } from './source.js';
export { SourceFile } from './source.js';
export type { ModelSpec } from './spec/spec.js';
export type { CheckedModel, ModelSummary, SizeRule } from './ir/checked-model.js';
export type { IrGraph, IrNode } from './ir/ir.js';
export { renderDiagnosticText } from './diagnostics/render-text.js';
export {
  loadTarget,
  targetNames,
  type CompileTarget,
  type EmitOptions,
  type EmitResult,
  type TargetName,
} from './emit/targets/index.js';

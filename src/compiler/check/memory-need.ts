import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { ModelSummary } from '../ir/checked-model.js';
import { bytesText } from '../report/format-numbers.js';
import type { ModelSpec } from '../spec/spec.js';
import type { Locate } from './net-builder.js';

/**
 * Memory a training step needs, estimated from the summary: weights, their gradients and two
 * optimizer moments (4 × parameters), and every activation kept for backprop plus its gradient.
 */
export function trainingMemoryBytes(summary: ModelSummary): number {
  return 4 * summary.paramBytes + 2 * summary.trainingActivationBytes;
}

/** Memory `compile` needs: the initialised weights and the file they are written to. */
export function compileMemoryBytes(summary: ModelSummary): number {
  return 2 * summary.paramBytes;
}

/** Above this a spec still checks, with a warning: more than a workstation has, today. */
export const LARGE_MODEL_BYTES = 32 * 2 ** 30;

/** `filters: 16384` checks clean but needs 454 GiB: say so before anyone tries to compile it. */
export function noteMemoryNeed(spec: ModelSpec, summary: ModelSummary, locate: Locate): Diagnostic[] {
  const training = trainingMemoryBytes(summary);
  if (training <= LARGE_MODEL_BYTES) return [];
  return [
    makeDiagnostic('ModelMemory', locate(`${spec.network.$path}/filters`), {
      training: bytesText(training),
      params: summary.params.toLocaleString('en-US'),
      weights: bytesText(summary.paramBytes),
      activations: bytesText(summary.trainingActivationBytes),
      batch: spec.train?.batch ?? 1,
      compile: bytesText(compileMemoryBytes(summary)),
    }),
  ];
}

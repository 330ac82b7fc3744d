import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { UserError } from '../../common/user-error.js';
import { estimateWasmTrainingBytes, WASM_HEAP_BYTES } from './wasm-memory.js';

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** What the user can change when a step does not fit in memory. */
const SMALLER_STEP_ADVICE =
  'train on smaller tiles with --input-size (unetc summary lists the valid sizes), a smaller --batch, or install @tensorflow/tfjs-node';

/**
 * Refuses, before the first step, a training step that cannot fit in the wasm backend's 4 GiB
 * heap (wasm-memory.ts has the estimate and how it was measured); other backends are left to the
 * out-of-memory translation below, as their limit is the machine's.
 */
export function refuseOversizedWasmStep(options: {
  readonly backendName: string;
  readonly checked: CheckedModel;
  /** The spec's batch, at which the checker estimated the activations. */
  readonly specBatch: number;
  /** The batch in use (after --batch or the recorded settings). */
  readonly batch: number;
  readonly specPath: string;
}): void {
  if (options.backendName !== 'wasm') return;
  const { summary, spec } = options.checked;
  const needed = estimateWasmTrainingBytes({
    ...summary,
    trainingActivationBytes: (summary.trainingActivationBytes / options.specBatch) * options.batch,
  });
  if (needed <= WASM_HEAP_BYTES) return;
  throw new UserError(
    `training '${options.specPath}' at ${spec.network.inputSize.join('×')}, batch ${options.batch} needs about ` +
      `${(needed / GIB).toFixed(1)} GiB on the wasm backend, more than its ${WASM_HEAP_BYTES / GIB} GiB heap: ${SMALLER_STEP_ADVICE}`,
  );
}

/** wasm32 aborts with a RuntimeError when its 4 GiB heap is exhausted; other backends throw RangeError. */
export function isOutOfMemory(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /memory access out of bounds|Cannot enlarge memory|out of memory|Array buffer allocation failed/i.test(
    message,
  );
}

/** The one-line message for a backend that ran out of memory mid-run (exit 2: the input is too big). */
export function outOfMemoryError(backendName: string, checked: CheckedModel, specPath: string): UserError {
  const mib = Math.round(checked.summary.trainingActivationBytes / MIB);
  return new UserError(
    `the ${backendName} backend ran out of memory training '${specPath}' at ` +
      `${checked.spec.network.inputSize.join('×')} (about ${mib} MiB of activations per sample before tfjs's own copies; ` +
      `wasm32 tops out at ${WASM_HEAP_BYTES / GIB} GiB): ${SMALLER_STEP_ADVICE}`,
    2,
  );
}

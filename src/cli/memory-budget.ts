import { freemem, totalmem } from 'node:os';
import { compileMemoryBytes, trainingMemoryBytes } from '../compiler/check/memory-need.js';
import type { CheckedModel } from '../compiler/ir/checked-model.js';
import { bytesText } from '../compiler/report/format-numbers.js';
import { UserError } from '../common/user-error.js';

/** Float32Array lengths past 2^32 − 1 throw; tfjs and the weight writer hold each layer in one. */
const MAX_TENSOR_ELEMENTS = 2 ** 32 - 1;

/**
 * Refuses, before anything is allocated, a job that cannot fit in this machine's memory: the
 * alternative is allocating until the kernel kills the process (or the machine swaps to a halt).
 * `batch` scales the checker's activation estimate when --batch overrides the spec.
 */
export function refuseBeyondMemory(
  job: 'compile' | 'train',
  file: string,
  model: CheckedModel,
  batch?: number,
): void {
  const summary = model.summary;
  const specBatch = model.spec.train?.batch ?? 1;
  const scaled = batch
    ? { ...summary, trainingActivationBytes: (summary.trainingActivationBytes / specBatch) * batch }
    : summary;
  const largest = model.graph.nodes.reduce((max, n) => Math.max(max, n.params), 0);
  const numbers =
    `${summary.params.toLocaleString('en-US')} parameters, ${bytesText(summary.paramBytes)} of weights` +
    (job === 'train'
      ? `, ${bytesText(scaled.trainingActivationBytes)} of activations at batch ${batch ?? specBatch}`
      : '');
  if (largest > MAX_TENSOR_ELEMENTS) {
    throw new UserError(
      `cannot ${job} '${file}': one layer has ${largest.toLocaleString('en-US')} parameters, more than a ` +
        `tensor can hold (${MAX_TENSOR_ELEMENTS.toLocaleString('en-US')}); use fewer filters (${numbers})`,
    );
  }
  const need = job === 'train' ? trainingMemoryBytes(scaled) : compileMemoryBytes(summary);
  const total = totalmem();
  if (need > total) {
    throw new UserError(
      `cannot ${job} '${file}': it needs about ${bytesText(need)} of memory (${numbers}) but this ` +
        `machine has ${bytesText(total)} (${bytesText(freemem())} free); use fewer filters, a smaller ` +
        `input${job === 'train' ? ' or batch' : ''} (unetc summary shows the numbers)`,
    );
  }
}

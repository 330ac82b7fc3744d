import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../../src/compiler/pipeline.js';
import { estimateWasmTrainingBytes, WASM_HEAP_BYTES } from '../../src/runtime/train/wasm-memory.js';

function summaryOf(path: string, inputSize?: number[]) {
  const result = compileSource(readFileSync(path, 'utf8'), path, inputSize ? { inputSize } : {});
  if (!result.model) throw new Error(`${path} did not check`);
  return result.model.summary;
}

describe('wasm training memory estimate', () => {
  it('accepts the 2015 net at 572² (its step peaks at 3.3 GiB) and refuses it at 764²', () => {
    const paper = estimateWasmTrainingBytes(summaryOf('specs/unet2015.unet'));
    expect(paper).toBeLessThan(WASM_HEAP_BYTES);
    // The measured peak (3,365 MiB without optimizer state) stays under the estimate.
    expect(paper).toBeGreaterThan(3365 * 2 ** 20);
    expect(estimateWasmTrainingBytes(summaryOf('specs/unet2015.unet', [764, 764]))).toBeGreaterThan(
      WASM_HEAP_BYTES,
    );
  });

  it('accepts the ISBI example, which trains on wasm', () => {
    expect(estimateWasmTrainingBytes(summaryOf('examples/isbi2012/isbi.unet'))).toBeLessThan(
      WASM_HEAP_BYTES / 4,
    );
  });
});

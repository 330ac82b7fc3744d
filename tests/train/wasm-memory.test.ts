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
  it('refuses the 2015 net at 572² (it exhausts the 4 GiB heap) and accepts it at 188²', () => {
    expect(estimateWasmTrainingBytes(summaryOf('specs/unet2015.unet'))).toBeGreaterThan(WASM_HEAP_BYTES);
    expect(estimateWasmTrainingBytes(summaryOf('specs/unet2015.unet', [188, 188]))).toBeLessThan(
      WASM_HEAP_BYTES,
    );
  });

  it('accepts the ISBI example, which trains on wasm', () => {
    expect(estimateWasmTrainingBytes(summaryOf('examples/isbi2012/isbi.unet'))).toBeLessThan(
      WASM_HEAP_BYTES / 4,
    );
  });
});

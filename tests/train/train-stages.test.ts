import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../../src/compiler/pipeline.js';
import { UserError } from '../../src/common/user-error.js';
import {
  isOutOfMemory,
  outOfMemoryError,
  refuseOversizedWasmStep,
} from '../../src/runtime/train/memory-guard.js';
import { validationTilesPerImage } from '../../src/runtime/train/train-data.js';
import { checkTrainableSpec } from '../../src/runtime/train/train-preflight.js';
import { shellWord, translateTrainingError } from '../../src/runtime/train/train-report.js';
import { TrainingDiverged } from '../../src/runtime/train/train-loop.js';

function checkedOf(path: string, inputSize?: number[]) {
  const result = compileSource(readFileSync(path, 'utf8'), path, inputSize ? { inputSize } : {});
  if (!result.model) throw new Error(`${path} did not check`);
  return result.model;
}

describe('training stages', () => {
  it('validation cuts about 8 tiles in all, at most 4 from one image', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 9, 48].map(validationTilesPerImage)).toEqual([4, 4, 4, 3, 2, 2, 1, 1, 1]);
  });

  it('the memory guard refuses on wasm only, with the numbers and what to change', () => {
    const big = checkedOf('specs/unet2015.unet', [764, 764]);
    const options = { checked: big, specBatch: 1, batch: 1, specPath: 'unet2015.unet' };
    expect(() => refuseOversizedWasmStep({ ...options, backendName: 'cpu' })).not.toThrow();
    expect(() => refuseOversizedWasmStep({ ...options, backendName: 'wasm' })).toThrow(
      /^training 'unet2015\.unet' at 764×764, batch 1 needs about \d+\.\d GiB on the wasm backend, more than its 4 GiB heap: train on smaller tiles/,
    );
    const paper = checkedOf('specs/unet2015.unet');
    const at = { checked: paper, specPath: 'p.unet', backendName: 'wasm' };
    expect(() => refuseOversizedWasmStep({ ...at, specBatch: 1, batch: 1 })).not.toThrow();
    // The checker's estimate is at the spec's batch: a larger --batch scales it.
    expect(() => refuseOversizedWasmStep({ ...at, specBatch: 1, batch: 2 })).toThrow(/batch 2 needs/);
  });

  it('errors from a session become one-line user errors where the user can act', () => {
    const checked = checkedOf('examples/isbi2012/isbi.unet');
    const context = { backendName: 'wasm', checked, specPath: 'isbi.unet' };
    const diverged = translateTrainingError(new TrainingDiverged('the loss became NaN'), context);
    expect(diverged).toBeInstanceOf(UserError);
    expect((diverged as UserError).exitCode).toBe(1);
    const oom = translateTrainingError(new Error('RuntimeError: memory access out of bounds'), context);
    expect(oom).toEqual(outOfMemoryError('wasm', checked, 'isbi.unet'));
    expect((oom as UserError).message).toMatch(/^the wasm backend ran out of memory training 'isbi\.unet'/);
    const bug = new TypeError('x is undefined');
    expect(translateTrainingError(bug, context)).toBe(bug);
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
  });

  it('a spec without train or data sections is refused before anything is written', () => {
    const checked = checkedOf('examples/isbi2012/isbi.unet');
    const lines: string[] = [];
    expect(checkTrainableSpec(checked, 'isbi.unet', (l) => lines.push(l)).train).toBe(checked.spec.train);
    const noTrain = { ...checked, spec: { ...checked.spec, train: undefined } };
    expect(() => checkTrainableSpec(noTrain as never, 'x.unet', () => {})).toThrow(
      /^x\.unet has no train \{ \} section/,
    );
  });

  it('the resume command quotes paths only when a shell needs it', () => {
    expect(shellWord('runs/a-1.unet')).toBe('runs/a-1.unet');
    expect(shellWord("my run's dir")).toBe(`'my run'\\''s dir'`);
  });
});

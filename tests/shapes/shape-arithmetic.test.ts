import { describe, expect, it } from 'vitest';
import {
  convOutputLength,
  convTransposeOutputLength,
  effectiveKernel,
  poolOutputLength,
  sameConvPadding,
  stridedRemainder,
  upsampleOutputLength,
} from '../../src/compiler/shapes/conv-arithmetic.js';
import { centreCropMargins, isSymmetricCrop } from '../../src/compiler/shapes/crop.js';
import {
  convFlops,
  convParams,
  convTransposeFlops,
  normParams,
  normTrainableParams,
} from '../../src/compiler/shapes/layer-cost.js';

describe('conv and pool lengths (TensorFlow conventions)', () => {
  it('valid convs shrink by k_eff − 1, same convs keep ⌈n / s⌉', () => {
    expect(convOutputLength(572, 3)).toBe(570);
    expect(convOutputLength(572, 3, 1, 2)).toBe(568);
    expect(effectiveKernel(3, 2)).toBe(5);
    expect(convOutputLength(9, 3, 2)).toBe(4);
    expect(convOutputLength(10, 3, 2, 1, 'same')).toBe(5);
    expect(convOutputLength(11, 3, 2, 1, 'same')).toBe(6);
    expect(convOutputLength(2, 3)).toBe(0);
  });

  it('pools floor like TensorFlow', () => {
    expect(poolOutputLength(568, 2)).toBe(284);
    expect(poolOutputLength(141, 2)).toBe(70);
    expect(poolOutputLength(10, 3, 2)).toBe(4);
  });

  it('reports the rows a strided window drops', () => {
    expect(stridedRemainder(141, 2, 2)).toBe(1);
    expect(stridedRemainder(140, 2, 2)).toBe(0);
    expect(stridedRemainder(10, 3, 2)).toBe(1);
    expect(stridedRemainder(11, 3, 2, 1, 'same')).toBe(1);
    expect(stridedRemainder(12, 3, 2, 1, 'same')).toBe(0);
    expect(stridedRemainder(13, 3, 1)).toBe(0);
  });

  it('transposed convs follow Keras deconv_length plus output padding', () => {
    expect(convTransposeOutputLength(28, 2, 2)).toBe(56);
    expect(convTransposeOutputLength(28, 3, 2)).toBe(57);
    expect(convTransposeOutputLength(28, 3, 2, 'same')).toBe(56);
    expect(convTransposeOutputLength(28, 3, 2, 'same', 1)).toBe(57);
    expect(convTransposeOutputLength(28, 1, 2)).toBe(56);
    expect(upsampleOutputLength(28, 2)).toBe(56);
  });

  it("splits 'same' padding with the extra row after", () => {
    expect(sameConvPadding(10, 3)).toEqual([1, 1]);
    expect(sameConvPadding(10, 4)).toEqual([1, 2]);
    expect(sameConvPadding(11, 3, 2)).toEqual([1, 1]);
    expect(sameConvPadding(10, 3, 2)).toEqual([0, 1]);
  });
});

describe('centre crops', () => {
  it('gives the paper’s margins and flags odd and negative totals', () => {
    expect(centreCropMargins(568, 392)).toEqual([88, 88]);
    expect(centreCropMargins(64, 56)).toEqual([4, 4]);
    expect(centreCropMargins(65, 56)).toEqual([4, 5]);
    expect(isSymmetricCrop(64, 56)).toBe(true);
    expect(isSymmetricCrop(65, 56)).toBe(false);
    expect(isSymmetricCrop(50, 56)).toBe(false);
  });
});

describe('layer costs', () => {
  it('counts conv parameters like Keras', () => {
    expect(convParams([3, 3], 1024, 1024, true)).toBe(9_438_208);
    expect(convParams([1, 1], 64, 2, true)).toBe(130);
    expect(convParams([3, 3, 3], 1, 32, false)).toBe(864);
  });

  it('counts norms: batch 4·C (2·C trainable), instance/group 2·C or 0', () => {
    expect(normParams('batch', 64, true)).toBe(256);
    expect(normTrainableParams(64, true)).toBe(128);
    expect(normParams('instance', 64, false)).toBe(0);
    expect(normParams('group', 64, true)).toBe(128);
  });

  it('counts 2 FLOPs per multiply-add', () => {
    expect(convFlops([3, 3], 1, 64, [570, 570])).toBe(2 * 9 * 64 * 570 * 570);
    expect(convTransposeFlops([2, 2], 1024, 512, [28, 28])).toBe(2 * 28 * 28 * 1024 * 4 * 512);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { collapseSlice } from '../../../src/runtime/backend/wasm-kernels/slice.js';
import { onBoth, seeded, setUpBackends, worstError } from './compare-backends.js';

beforeAll(setUpBackends);

describe('collapseSlice', () => {
  it('merges an axis into its outer neighbour when it is taken whole', () => {
    expect(collapseSlice([2, 3, 4, 5, 6], [0, 0, 0, 0, 2], [2, 3, 4, 5, 3])).toEqual({
      shape: [120, 6],
      begin: [0, 2],
      size: [120, 3],
    });
    expect(collapseSlice([2, 3, 4, 5], [1, 1, 0, 0], [1, 2, 4, 5])).toEqual({
      shape: [2, 60],
      begin: [1, 20],
      size: [1, 40],
    });
    expect(collapseSlice([2, 3, 4], [0, 1, 1], [2, 1, 2])).toEqual({
      shape: [2, 3, 4],
      begin: [0, 1, 1],
      size: [2, 1, 2],
    });
  });
});

const CASES: Array<[number[], number[], number[]]> = [
  [
    [2, 3, 4, 5, 6],
    [0, 0, 0, 0, 2],
    [2, 3, 4, 5, 3],
  ],
  [
    [2, 3, 4, 5, 6],
    [1, 1, 1, 2, 0],
    [1, 2, 3, 3, 6],
  ],
  [
    [3, 4, 5, 6],
    [0, 1, 1, 0],
    [3, 2, 3, 6],
  ],
  [
    [3, 4, 5, 6],
    [1, 0, 0, 0],
    [2, 4, 5, 6],
  ],
  [
    [4, 7],
    [1, 2],
    [2, -1],
  ],
  [
    [1, 2, 3, 4, 5, 2],
    [0, 1, 0, 1, 2, 0],
    [1, 1, 3, 2, 3, 2],
  ],
];

describe('wasm Slice and SplitV (rank-reduced) match cpu', () => {
  it.each(CASES)('slice %j from %j size %j', async (shape, begin, size) => {
    const result = await onBoth(() => tf.slice(seeded(shape, 41), begin, size));
    expect(worstError(result)).toBe(0);
  });

  it.each([
    [[2, 3, 4, 5, 6], [2, 4], -1],
    [[2, 3, 4, 5, 6], [1, 2], 1],
    [[3, 4, 5, 6], [3, 3], 3],
  ] as Array<[number[], number[], number]>)('split %j into %j on axis %d', async (shape, sizes, axis) => {
    const result = await onBoth(() => tf.split(seeded(shape, 42), sizes, axis));
    expect(result.wasm.map((a) => a.length)).toEqual(result.cpu.map((a) => a.length));
    expect(worstError(result)).toBe(0);
  });
});

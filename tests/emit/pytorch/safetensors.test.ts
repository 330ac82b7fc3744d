import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../../src/compiler/emit/pytorch/safetensors.js';
import { permuteAxes } from '../../../src/compiler/emit/permute-axes.js';

describe('safetensors codec', () => {
  it('writes the documented layout: u64 header length, 8-byte aligned JSON, sorted float32 data', () => {
    const tensors = new Map([
      ['b.weight', { shape: [2], data: new Float32Array([1.5, -2]) }],
      ['a.bias', { shape: [1, 1], data: new Float32Array([Math.PI]) }],
    ]);
    const bytes = encodeSafetensors(tensors, { format: 'pt' });
    const length = Number(bytes.readBigUInt64LE(0));
    expect((8 + length) % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')) as Record<string, unknown>;
    expect(header).toEqual({
      __metadata__: { format: 'pt' },
      'a.bias': { dtype: 'F32', shape: [1, 1], data_offsets: [0, 4] },
      'b.weight': { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
    });
    expect(bytes.readFloatLE(8 + length)).toBe(Math.fround(Math.PI));
    const back = decodeSafetensors(bytes, 'x.safetensors');
    expect([...back.keys()]).toEqual(['a.bias', 'b.weight']);
    expect(back.get('b.weight')).toEqual({ shape: [2], data: new Float32Array([1.5, -2]) });
  });

  it('skips integer tensors (num_batches_tracked) and names the file when it is not safetensors', () => {
    const header = JSON.stringify({
      'bn.num_batches_tracked': { dtype: 'I64', shape: [], data_offsets: [0, 8] },
    });
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(header.length));
    expect(decodeSafetensors(Buffer.concat([prefix, Buffer.from(header), Buffer.alloc(8)]), 'f').size).toBe(
      0,
    );
    expect(() => decodeSafetensors(Buffer.from('{"a": 1}'), 'model.pt')).toThrow(
      /model\.pt is not a safetensors file/,
    );
  });
});

describe('permuteAxes', () => {
  it('moves axes like numpy.transpose and its inverse restores the data bit for bit', () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => i);
    const moved = permuteAxes(data, [2, 3, 4], [2, 0, 1]);
    // moved[k][i][j] = data[i][j][k]
    expect(moved[1 * 6 + 1 * 3 + 2]).toBe(data[1 * 12 + 2 * 4 + 1]);
    expect(permuteAxes(moved, [4, 2, 3], [1, 2, 0])).toEqual(data);
  });
});

import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import type { ModelSpec, SupervisionSpec } from '../../src/compiler/spec/spec.js';
import { fakeLocate, spec, withLevel, type NetOptions } from './fixtures.js';

function run(s: ModelSpec) {
  const f = fakeLocate();
  const result = checkSpec(s, f.locate);
  return { ...result, pointerOf: f.pointerOf, codes: result.diagnostics.map((d) => d.code) };
}

const same = (o: NetOptions = {}) =>
  spec({ input: [64, 64], depth: 2, filters: 8, block: { padding: 'same' }, ...o });
const heads = (...nodes: [number, number][]): SupervisionSpec['heads'] =>
  nodes.map(([level, column], k) => ({
    node: { $path: `/network/supervision/heads/${k}`, level, column },
    weight: 1 / nodes.length,
  }));
const supervision = (o: Partial<Omit<SupervisionSpec, '$path'>> = {}): Omit<SupervisionSpec, '$path'> => ({
  heads: heads([0, 1], [0, 2]),
  resolution: 'native',
  inference: 'final',
  prune: null,
  ...o,
});

describe('channel and wiring checks', () => {
  it('UNC3101: add skips need equal channels', () => {
    const r = run(same({ skip: { kind: 'add' }, up: { filters: 'same' } }));
    expect(r.codes).toEqual(['UNC3101', 'UNC3101']);
    expect(r.diagnostics[0]!.message).toBe(
      'dec1_add: add needs inputs with equal channels but gets 32 vs 16',
    );
    expect(r.pointerOf(r.diagnostics[0]!.span)).toBe('/network/skip');
    expect(run(same({ skip: { kind: 'add' } })).codes).toEqual([]);
  });

  it('UNC3102 / UNC3103: head channels against classes and a one-channel softmax', () => {
    expect(run(same({ classes: 3, head: { channels: 2 } })).codes).toEqual(['UNC3102']);
    expect(run(same({ classes: 2, head: { channels: 1, activation: 'sigmoid' } })).codes).toEqual([]);
    expect(run(same({ classes: 1, head: { channels: 1, activation: 'softmax' } })).codes).toEqual([
      'UNC3103',
    ]);
  });

  it('UNC3104: group norm needs channels divisible by the groups', () => {
    const norm = {
      $path: '/network/block/norm',
      kind: 'group' as const,
      groups: 3,
      affine: true,
      epsilon: 1e-5,
      momentum: 0.99,
    };
    const r = run(same({ block: { padding: 'same', norm } }));
    expect(r.codes.length).toBeGreaterThan(0);
    expect(new Set(r.codes)).toEqual(new Set(['UNC3104']));
    expect(r.pointerOf(r.diagnostics[0]!.span)).toBe('/network/block/norm');
  });

  it('UNC3105: an up-sampling that does not undo the down-sampling', () => {
    const r = run(
      withLevel(same(), 1, (l) => ({ up: { ...l.up!, $path: '/network/level/1/up', stride: [3, 3] } })),
    );
    expect(r.codes).toEqual(['UNC3105']); // and not the crop errors it causes
    expect(r.pointerOf(r.diagnostics[0]!.span)).toBe('/network/level/1/up');
  });

  it('UNC3106: an attention gate with no intermediate channels', () => {
    const attention = {
      $path: '/network/skip/attention',
      mode: 'strided' as const,
      inter: { channels: 0 },
      norm: 'batch' as const,
    };
    expect(run(same({ skip: { kind: 'attention', attention } })).codes).toContain('UNC3106');
  });

  it('UNC3107: nested skips at some levels only', () => {
    const s = withLevel(same({ skip: { kind: 'nested' } }), 1, (l) => ({
      skip: { ...l.skip!, $path: '/network/level/1/skip', kind: 'crop_concat' },
    }));
    const r = run(s);
    expect(r.codes).toEqual(['UNC3107']);
    expect(r.pointerOf(r.diagnostics[0]!.span)).toBe('/network/level/1/skip');
  });

  it('UNC3108: full-scale skips with valid padding', () => {
    expect(
      run(spec({ input: [188, 188], depth: 2, filters: 8, skip: { kind: 'full_scale', scaleFilters: 8 } }))
        .codes,
    ).toContain('UNC3108');
  });
});

describe('heads and deep supervision', () => {
  const nested = (o: Partial<Omit<SupervisionSpec, '$path'>>) =>
    same({ skip: { kind: 'nested' }, supervision: supervision(o) });

  it('UNC3201: a head on a node the network does not have', () => {
    const r = run(same({ supervision: supervision({ heads: heads([0, 2], [0, 1]) }) }));
    expect(r.codes).toEqual(['UNC3201']);
    expect(r.diagnostics[0]!.message).toBe(
      'supervision head X0_1 names a node that does not exist in this network',
    );
    expect(r.diagnostics[0]!.hint).toBe('Nodes here: X0_0, X1_0, X2_0, X1_1, X0_2.');
  });

  it('UNC3202–UNC3204: pruning needs U-Net++, a level in range and a head', () => {
    expect(run(nested({ prune: 3 })).codes).toEqual(['UNC3202']);
    expect(run(same({ supervision: supervision({ prune: 1 }) })).codes).toContain('UNC3203');
    expect(run(nested({ prune: 1, heads: heads([0, 2]) })).codes).toEqual(['UNC3204']);
    expect(run(nested({ prune: 1 })).codes).toEqual([]);
  });

  it('UNC3205: averaging heads of different sizes', () => {
    const r = run(nested({ heads: heads([0, 2], [1, 1]), inference: 'average' }));
    expect(r.codes).toEqual(['UNC3205']);
    expect(r.diagnostics[0]!.message).toBe(
      'inference: average needs heads of one shape, but head_x1_1 outputs 32×32 and the main head 64×64',
    );
    expect(
      run(nested({ heads: heads([0, 2], [1, 1]), inference: 'average', resolution: 'upsampled' })).codes,
    ).toEqual([]);
  });
});

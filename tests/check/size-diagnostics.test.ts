import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import { fakeLocate, paperSpec, spec, type NetOptions } from './fixtures.js';

function run(s: Parameters<typeof checkSpec>[0]) {
  const f = fakeLocate();
  const result = checkSpec(s, f.locate);
  return { ...result, pointerOf: f.pointerOf, codes: result.diagnostics.map((d) => d.code) };
}

const small = (o: NetOptions = {}) => spec({ input: [188, 188], depth: 2, filters: 8, ...o });

describe('input sizes the network cannot take', () => {
  it('names the odd max-pool, points at /network/input and the down spec, and suggests the nearest sizes', () => {
    const r = run(paperSpec({ input: [570, 570] }));
    expect(r.model).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('UNC3001');
    expect(d.message).toBe('max-pool at level 1 sees 279×279: 279 is odd, so 2×2 pooling would drop a row');
    expect(r.pointerOf(d.span)).toBe('/network/input');
    expect(d.related?.map((x) => r.pointerOf(x.span))).toEqual(['/network/down']);
    expect(d.hint).toBe('Inputs must satisfy s ≡ 12 (mod 16), s ≥ 188; nearest valid: 556, 572.');
    expect(d.fix?.edits.map((e) => [r.pointerOf(e.span), e.text])).toEqual([
      ['/network/input/0', '572'],
      ['/network/input/1', '572'],
    ]);
  });

  it('reports each axis that fails and fixes only those', () => {
    const r = run(paperSpec({ input: [572, 574] }));
    expect(r.codes).toEqual(['UNC3001']);
    expect(r.diagnostics[0]!.message).toContain('sees 280×281');
    expect(r.diagnostics[0]!.hint).toBe(
      'Inputs must satisfy s ≡ 12 (mod 16), s ≥ 188 on W; nearest valid: 572, 588.',
    );
    expect(r.diagnostics[0]!.fix?.edits.map((e) => e.text)).toEqual(['572']);
  });

  it('replaces the whole input when the spec wrote it as one token', () => {
    const r = checkSpec(paperSpec({ input: [570, 570] }), () => ({ file: 'f', start: 3, end: 12 }));
    expect(r.diagnostics[0]!.fix?.edits).toEqual([
      { span: { file: 'f', start: 3, end: 12 }, text: '572x572x1' },
    ]);
  });

  it('explains strided windows that drop rows (UNC3002) and uneven same padding (UNC3003)', () => {
    const pool3 = run(
      small({ input: [189, 189], down: { kind: 'maxpool', kernel: [3, 3], stride: [2, 2] } }),
    );
    expect(pool3.codes[0]).toBe('UNC3002');
    expect(pool3.diagnostics[0]!.message).toMatch(/is not a multiple of the stride 2/);
    const same = run(
      small({
        input: [190, 190],
        block: { padding: 'same' },
        down: { kind: 'conv', kernel: [3, 3], stride: [2, 2], padding: 'same' },
      }),
    );
    expect(same.codes).toEqual(['UNC3003']);
    expect(same.diagnostics[0]!.message).toContain('strided conv at level 1 sees 95×95');
  });

  it('reports a map that shrinks to nothing (UNC3004)', () => {
    const r = run(spec({ input: [10, 10], depth: 1, filters: 8 }));
    expect(r.codes).toEqual(['UNC3004']);
    // 10 → 8 → 6 → pool 3 → 1: the second bottleneck conv has nothing left to slide over.
    expect(r.diagnostics[0]!.message).toBe(
      'conv bottleneck_conv2 sees 1×1: a 3-wide window does not fit in 1, so the feature map shrinks to nothing',
    );
  });

  it('reports a skip smaller than the up-sampled map (UNC3005) and an odd crop (UNC3006)', () => {
    const negative = run(
      small({ input: [64, 64], block: { padding: 'same' }, up: { padding: 'same', outputPadding: [6, 6] } }),
    );
    expect(negative.codes).toContain('UNC3005');
    const odd = run(small({ up: { outputPadding: [1, 1] } }));
    expect(odd.codes).toContain('UNC3006');
    expect(odd.diagnostics[0]!.hint).toContain('No input size along H, W avoids this');
    expect(odd.diagnostics[0]!.fix).toBeUndefined();
  });

  it('reports concat inputs of different sizes (UNC3007)', () => {
    const r = run(small({ skip: { kind: 'concat' } }));
    expect(r.codes).toEqual(['UNC3007', 'UNC3007']);
    expect(r.diagnostics.find((d) => d.code === 'UNC3007')!.message).toBe(
      'dec1_concat: concat needs inputs of one size but gets 80×80 and 88×88',
    );
  });

  it('reports a strided attention gate whose grids disagree (UNC3008)', () => {
    const attention = {
      $path: '/network/skip',
      mode: 'strided' as const,
      inter: { fraction: 0.5 },
      norm: 'batch' as const,
    };
    const r = run(small({ skip: { kind: 'attention', attention } }));
    // Both gates are wrong on their own: a merge problem leaves a well-defined size behind it.
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'attention gate at level 1: W_x lands the skip on a 44×44 grid but the gating signal is 40×40',
      'attention gate at level 0: W_x lands the skip on a 92×92 grid but the gating signal is 76×76',
    ]);
  });

  it('notes when a same-padded net sees less than its receptive field (UNC3009, info)', () => {
    const r = run(spec({ input: [32, 32], filters: 8, block: { padding: 'same' } }));
    expect(r.codes).toEqual(['UNC3009']);
    expect(r.diagnostics[0]!.severity).toBe('info');
    expect(r.model).toBeDefined();
  });

  it('reports independent problems on different axes of a 3D net once each', () => {
    const r = run(
      spec({
        input: [20, 189, 188],
        depth: 2,
        filters: 4,
        block: { padding: 'same' },
        down: { kind: 'maxpool', stride: [1, 2, 2], kernel: [1, 2, 2] },
        up: { stride: [1, 2, 2], kernel: [1, 2, 2] },
      }),
    );
    expect(r.codes).toEqual(['UNC3001']);
    expect(r.diagnostics[0]!.message).toContain('sees 20×189×188');
    expect(r.diagnostics[0]!.hint).toBe(
      'Inputs must satisfy s ≡ 0 (mod 4), s ≥ 4 on H; nearest valid: 188, 192.',
    );
  });
});

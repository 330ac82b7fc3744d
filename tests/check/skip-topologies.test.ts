import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import type { IrGraph } from '../../src/compiler/ir/ir.js';
import { pruneGraph } from '../../src/compiler/ir/prune.js';
import { validateGraph } from '../../src/compiler/ir/validate-graph.js';
import type { AttentionSpec, ModelSpec, SupervisionSpec } from '../../src/compiler/spec/spec.js';
import { fakeLocate, spec, type NetOptions } from './fixtures.js';

function model(s: ModelSpec) {
  const r = checkSpec(s, fakeLocate().locate);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(validateGraph(r.model!.graph)).toEqual([]);
  return r.model!;
}
const node = (g: IrGraph, id: string) => {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};

describe('attention gates', () => {
  const gate = (mode: AttentionSpec['mode']): NetOptions['skip'] => ({
    kind: 'attention',
    attention: { $path: '/network/skip', mode, inter: { fraction: 0.5 }, norm: 'batch' },
  });

  it("wires Oktay's strided gate: W_x on the skip to g's grid, α resized back, output 1×1 conv + norm", () => {
    const m = model(
      spec({ input: [64, 64], depth: 2, filters: 8, block: { padding: 'same' }, skip: gate('strided') }),
    );
    expect(node(m.graph, 'att1_wx').attrs).toMatchObject({
      kernel: [2, 2],
      strides: [2, 2],
      useBias: false,
      filters: 8,
    });
    expect(node(m.graph, 'att1_wg').inputs).toEqual(['bottleneck_conv2']);
    expect(node(m.graph, 'att1_psi').attrs).toMatchObject({ filters: 1, activation: 'sigmoid' });
    expect(node(m.graph, 'att1_resize').inputs).toEqual(['att1_psi', 'enc1_conv2']);
    expect(node(m.graph, 'att1_mul').shape).toEqual([32, 32, 16]);
    expect(node(m.graph, 'dec1_concat').inputs).toEqual(['dec1_up', 'att1_out_norm']);
    expect(node(m.graph, 'att0_wg').inputs).toEqual(['dec1_conv2']);
  });

  it('gates at the skip resolution with the up-sampled map (MONAI), cropping first for valid padding', () => {
    const m = model(spec({ input: [188, 188], depth: 2, filters: 8, skip: gate('same_resolution') }));
    expect(node(m.graph, 'att1_wx').inputs).toEqual(['dec1_crop']);
    expect(node(m.graph, 'att1_wg').inputs).toEqual(['dec1_up']);
    expect(m.graph.nodes.some((n) => n.id === 'att1_resize')).toBe(false);
  });
});

describe('U-Net++ and UNet 3+', () => {
  const sup = (o: Partial<Omit<SupervisionSpec, '$path'>> = {}): Omit<SupervisionSpec, '$path'> => ({
    heads: [1, 2, 3, 4].map((j) => ({
      node: { $path: `/network/supervision/heads/${j - 1}`, level: 0, column: j },
      weight: 0.25,
    })),
    resolution: 'native',
    inference: 'average',
    prune: null,
    ...o,
  });
  const nested = (o: Partial<Omit<SupervisionSpec, '$path'>> = {}) =>
    spec({
      input: [96, 96],
      classes: 1,
      filters: [32, 64, 128, 256, 512],
      block: { padding: 'same' },
      skip: { kind: 'nested', order: 'skip_first' },
      head: { activation: 'sigmoid', channels: 1 },
      supervision: sup(o),
    });

  it('builds X(i, j) for i + j ≤ 4 with (j + 1)·f_i input channels and deep supervision', () => {
    const g = model(nested()).graph;
    for (let j = 1; j <= 4; j++) {
      for (let i = 0; i + j <= 4; i++) {
        const f = 32 * 2 ** i;
        expect(node(g, `x${i}_${j}_concat`).shape.at(-1)).toBe((j + 1) * f);
        const coarse =
          j > 1 ? `x${i + 1}_${j - 1}_conv2` : i + 1 === 4 ? 'bottleneck_conv2' : `enc${i + 1}_conv2`;
        expect(node(g, `x${i}_${j}_up`).inputs).toEqual([coarse]);
      }
    }
    expect(node(g, 'x0_2_concat').inputs).toEqual(['enc0_conv2', 'x0_1_conv2', 'x0_2_up']);
    expect(g.outputs.map((o) => [o.name, o.node, o.lossWeight])).toEqual([
      ['main', 'head_average', 0],
      ['X0_4', 'head', 0.25],
      ['X0_1', 'head_x0_1', 0.25],
      ['X0_2', 'head_x0_2', 0.25],
      ['X0_3', 'head_x0_3', 0.25],
    ]);
  });

  it('prunes to UNet++ L2: only X(i, j) with i + j ≤ 2 and the head on X0_2', () => {
    const g = model(nested({ prune: 2 })).graph;
    const pruned = pruneGraph(g, 2)!;
    expect(validateGraph(pruned)).toEqual([]);
    expect(pruned.outputs).toEqual([{ node: 'head_x0_2', name: 'main', lossWeight: 1, shape: [96, 96, 1] }]);
    const ids = new Set(pruned.nodes.map((n) => n.id));
    expect(ids.has('x0_2_conv2') && ids.has('x1_1_conv2') && ids.has('enc2_conv2')).toBe(true);
    expect(ids.has('x0_3_conv1') || ids.has('enc3_conv1') || ids.has('x2_1_conv1')).toBe(false);
    expect(pruneGraph(g, 4)!.outputs[0]!.node).toBe('head');
    expect(
      pruneGraph(model(spec({ input: [64, 64], depth: 2, filters: 8, block: { padding: 'same' } })).graph, 1),
    ).toBeNull();
  });

  it('crops every U-Net++ input to the smallest with valid padding', () => {
    const g = model(spec({ input: [188, 188], depth: 2, filters: 8, skip: { kind: 'nested' } })).graph;
    expect(node(g, 'x0_2_concat').inputs).toEqual(['x0_2_up', 'x0_2_concat_crop1', 'x0_2_concat_crop2']);
    expect(node(g, 'x0_2_concat_crop1').attrs).toEqual({
      op: 'crop',
      cropping: [
        [16, 16],
        [16, 16],
      ],
    });
  });

  it('UNet 3+ fuses every scale at every decoder level', () => {
    const g = model(
      spec({
        input: [64, 64],
        depth: 3,
        filters: 8,
        block: { padding: 'same' },
        skip: { kind: 'full_scale', scaleFilters: 8 },
      }),
    ).graph;
    expect(node(g, 'fs1_concat').inputs).toEqual([
      'fs1_from_e0_conv1',
      'fs1_from_e1_conv1',
      'fs1_from_d2_conv1',
      'fs1_from_d3_conv1',
    ]);
    expect(node(g, 'fs1_from_e0_pool').attrs).toMatchObject({ pool: [2, 2] });
    expect(node(g, 'fs0_from_d3_up').attrs).toMatchObject({ size: [8, 8], interpolation: 'bilinear' });
    expect(node(g, 'fs0_concat').shape).toEqual([64, 64, 32]);
  });

  it('deep supervision on a plain U-Net decoder, up-sampled to the input', () => {
    const s = spec({
      input: [64, 64],
      depth: 2,
      filters: 8,
      block: { padding: 'same' },
      supervision: {
        heads: [
          { node: { $path: '/h/0', level: 0, column: 2 }, weight: 0.5 },
          { node: { $path: '/h/1', level: 1, column: 1 }, weight: 0.5 },
        ],
        resolution: 'upsampled',
        inference: 'final',
        prune: null,
      },
    });
    const g = model(s).graph;
    expect(node(g, 'head_x1_1_up').attrs).toEqual({
      op: 'upsample',
      size: [2, 2],
      interpolation: 'bilinear',
    });
    expect(g.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['main', [64, 64, 2]],
      ['X1_1', [64, 64, 2]],
    ]);
  });
});

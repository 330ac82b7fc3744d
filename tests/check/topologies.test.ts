import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import type { IrGraph } from '../../src/compiler/ir/ir.js';
import { pruneGraph } from '../../src/compiler/ir/prune.js';
import { validateGraph } from '../../src/compiler/ir/validate-graph.js';
import type { AttentionSpec, ModelSpec, NormSpec, SupervisionSpec } from '../../src/compiler/spec/spec.js';
import { fakeLocate, spec, withLevel, type NetOptions } from './fixtures.js';

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
const batchNorm: NormSpec = {
  $path: '/network/block/norm',
  kind: 'batch',
  affine: true,
  epsilon: 1e-3,
  momentum: 0.99,
};

describe('Çiçek et al. 2016 3D U-Net', () => {
  // D×H×W: the paper's 132×132×116 voxels (x, y, z) written with z first.
  const encoderFilters = [
    [32, 64],
    [64, 128],
    [128, 256],
    [256, 512],
  ];
  const cicek = spec({
    input: [116, 132, 132],
    classes: 3,
    depth: 3,
    filters: [64, 128, 256, 512],
    block: { norm: batchNorm },
    encoder: (i) => ({ filters: encoderFilters[i] }),
    up: { filters: 'same' },
  });

  it('maps 116×132×132×1 to 28×44×44×3 with per-conv filters and up-convs keeping channels', () => {
    const m = model(cicek);
    expect(m.graph.outputs[0]!.shape).toEqual([28, 44, 44, 3]);
    expect(node(m.graph, 'enc0_conv1').shape).toEqual([114, 130, 130, 32]);
    expect(node(m.graph, 'bottleneck_conv2').shape).toEqual([7, 9, 9, 512]);
    expect(node(m.graph, 'dec2_up').shape).toEqual([14, 18, 18, 512]);
    expect(node(m.graph, 'dec2_concat').shape).toEqual([14, 18, 18, 768]);
    expect(node(m.graph, 'dec0_crop').attrs).toEqual({
      op: 'crop',
      cropping: [
        [40, 40],
        [40, 40],
        [40, 40],
      ],
    });
    expect(node(m.graph, 'dec2_crop').attrs).toEqual({
      op: 'crop',
      cropping: [
        [4, 4],
        [4, 4],
        [4, 4],
      ],
    });
    expect(m.summary.convLayers).toBe(18);
    expect(m.summary.sizeRules).toEqual(
      Array(3).fill({ modulus: 8, min: 92, outputScale: 1, outputShift: -88 }),
    );
    // 19,069,123 weights without batch norm (the paper reports 19,069,955), plus 4·C per batch norm.
    expect(m.summary.params).toBe(19_069_123 + 4 * 2336);
    expect(m.summary.trainableParams).toBe(19_069_123 + 2 * 2336);
  });

  it('puts batch norm between conv and ReLU as separate layers', () => {
    const m = model(cicek);
    const ids = m.graph.nodes.slice(1, 4).map((n) => `${n.id}:${n.attrs.op}`);
    expect(ids).toEqual(['enc0_conv1:conv', 'enc0_norm1:norm', 'enc0_act1:activation']);
    expect(node(m.graph, 'enc0_conv1').attrs).toMatchObject({ activation: 'linear' });
  });
});

describe('conv units, down- and up-sampling', () => {
  const same = (o: NetOptions = {}) =>
    spec({ input: [64, 64], depth: 2, filters: 8, block: { padding: 'same' }, ...o });

  it('fuses ReLU into the conv when no norm sits between; leaky ReLU gets its own layer', () => {
    expect(node(model(same()).graph, 'enc0_conv1').attrs).toMatchObject({ activation: 'relu' });
    const leaky = model(
      same({ block: { padding: 'same', activation: { $path: '/a', kind: 'leaky_relu', alpha: 0.01 } } }),
    );
    expect(node(leaky.graph, 'enc0_act1').attrs).toEqual({
      op: 'activation',
      kind: 'leaky_relu',
      alpha: 0.01,
    });
  });

  it('orders norm-act-conv (pre-activation) and per-conv spatial dropout', () => {
    const dropout = {
      $path: '/network/block/dropout',
      rate: 0.3,
      place: 'each_conv' as const,
      spatial: true,
    };
    const m = model(same({ block: { padding: 'same', norm: batchNorm, order: 'norm_act_conv', dropout } }));
    const ids = m.graph.nodes.slice(1, 6).map((n) => n.id);
    expect(ids).toEqual(['enc0_norm1', 'enc0_act1', 'enc0_conv1', 'enc0_drop1', 'enc0_norm2']);
    expect(node(m.graph, 'enc0_drop1').attrs).toEqual({ op: 'dropout', rate: 0.3, spatial: true });
  });

  it('builds MONAI-style strided-conv down-sampling with identity full-resolution blocks', () => {
    const m = model(
      same({
        encoder: (i) => (i === 0 ? { convs: 0 } : undefined),
        down: { kind: 'conv', kernel: [3, 3], stride: [2, 2], padding: 'same', normAct: true },
      }),
    );
    expect(node(m.graph, 'down0_conv').inputs).toEqual(['input']);
    expect(node(m.graph, 'down0_conv').shape).toEqual([32, 32, 16]);
    expect(node(m.graph, 'dec0_concat').inputs).toEqual(['dec0_up', 'input']);
  });

  it('resizes then convolves for nearest up-sampling, and honours skip_first order', () => {
    const m = model(
      same({ up: { kind: 'nearest', kernel: [2, 2] }, skip: { kind: 'crop_concat', order: 'skip_first' } }),
    );
    expect(node(m.graph, 'dec1_up').attrs).toEqual({
      op: 'upsample',
      size: [2, 2],
      interpolation: 'nearest',
    });
    expect(node(m.graph, 'dec1_up_conv').attrs).toMatchObject({ op: 'conv', padding: 'same', filters: 16 });
    expect(node(m.graph, 'dec1_concat').inputs).toEqual(['enc1_conv2', 'dec1_up_conv']);
  });

  it('projects and centre-crops residual shortcuts in valid blocks', () => {
    const m = model(spec({ input: [188, 188], depth: 2, filters: 8, block: { residual: true } }));
    expect(node(m.graph, 'enc0_proj').attrs).toMatchObject({ op: 'conv', kernel: [1, 1], filters: 8 });
    expect(node(m.graph, 'enc0_res_crop').attrs).toEqual({
      op: 'crop',
      cropping: [
        [2, 2],
        [2, 2],
      ],
    });
    expect(node(m.graph, 'enc0_add').inputs).toEqual(['enc0_res_crop', 'enc0_conv2']);
  });
});

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
    void withLevel;
  });
});

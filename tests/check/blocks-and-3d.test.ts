import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import type { IrGraph } from '../../src/compiler/ir/ir.js';
import { validateGraph } from '../../src/compiler/ir/validate-graph.js';
import type { ModelSpec, NormSpec } from '../../src/compiler/spec/spec.js';
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

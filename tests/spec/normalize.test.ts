import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/compiler/source.js';
import type { SpecDocument } from '../../src/compiler/spec/document.js';
import { normalizeSpec } from '../../src/compiler/spec/normalize-spec.js';
import { codes, frontEnd, readSpec } from './helpers.js';

function specOf(text: string, file = 'x.unet', options: { inputSize?: readonly number[] } = {}) {
  const result = frontEnd(text, file, options);
  expect(result.diagnostics).toEqual([]);
  return result.spec!;
}

describe('the paper spec', () => {
  it('specs/unet2015.unet and its YAML twin normalise to the same ModelSpec', () => {
    const unet = specOf(readSpec('unet2015.unet'), 'unet2015.unet');
    const yaml = specOf(readSpec('unet2015.yaml'), 'unet2015.yaml');
    expect(yaml).toEqual(unet);
  });

  it('has the paper numbers', () => {
    const spec = specOf(readSpec('unet2015.unet'), 'unet2015.unet');
    const net = spec.network;
    expect(spec.name).toBe('unet2015');
    expect(net.dims).toBe(2);
    expect(net.inputSize).toEqual([572, 572]);
    expect(net.inputChannels).toBe(1);
    expect(net.classes).toBe(2);
    expect(net.levels.map((l) => l.filters)).toEqual([64, 128, 256, 512, 1024]);
    expect(net.levels[4]!.encoder.dropout).toMatchObject({
      rate: 0.5,
      place: 'end',
      $path: '/network/bottleneck/dropout',
    });
    expect(net.levels[3]!.encoder.dropout).toBeNull();
    expect(net.head).toMatchObject({ activation: 'softmax', channels: 2, kernel: [1, 1] });
    expect(spec.data?.classMap).toEqual([
      { value: 0, classIndex: 0, name: 'membrane' },
      { value: 255, classIndex: 1, name: 'cell' },
    ]);
    expect(spec.data?.validation).toEqual({ fraction: 0.2 });
    expect(spec.augment?.rotate).toMatchObject({ p: 0.5, range: { min: -15, max: 15 } });
    expect(spec.train).toMatchObject({
      batch: 1,
      epochs: 40,
      stepsPerEpoch: 100,
      seed: 1,
      loss: { kind: 'weighted_ce' },
    });
    expect(spec.train?.optimizer).toMatchObject({ kind: 'sgd', lr: 0.01, momentum: 0.99 });
  });
});

describe('defaults are the paper', () => {
  it('an empty network is the 2015 U-Net', () => {
    const spec = specOf('network {}');
    const net = spec.network;
    expect(net).toMatchObject({
      dims: 2,
      inputSize: [572, 572],
      inputChannels: 1,
      classes: 2,
      depth: 4,
      init: 'paper',
      supervision: null,
    });
    expect(net.levels.map((l) => l.filters)).toEqual([64, 128, 256, 512, 1024]);
    for (const level of net.levels) {
      expect(level.encoder).toMatchObject({
        convs: 2,
        kernel: [3, 3],
        padding: 'valid',
        activation: { kind: 'relu' },
        norm: { kind: 'none' },
        bias: true,
        residual: false,
        dilation: [1, 1],
      });
      if (level.level < 4) {
        expect(level.down).toMatchObject({
          kind: 'maxpool',
          kernel: [2, 2],
          stride: [2, 2],
          padding: 'valid',
        });
        expect(level.up).toMatchObject({
          kind: 'transpose',
          kernel: [2, 2],
          stride: [2, 2],
          filters: 'halve',
          activation: null,
          outputPadding: [0, 0],
        });
        expect(level.skip).toMatchObject({ kind: 'crop_concat', order: 'up_first' });
      }
    }
    expect(net.levels[4]).toMatchObject({ decoder: null, down: null, up: null, skip: null });
    expect(net.head).toMatchObject({ activation: 'softmax', channels: 2 });
    expect(spec.data).toBeNull();
    expect(spec.augment).toBeNull();
    expect(spec.train).toBeNull();
    expect(spec.name).toBe('x');
  });

  it('weight map, elastic deformation and optimiser default to the paper', () => {
    const spec = specOf('network {}\ndata { weight_map {} }\naugment { elastic {} }\ntrain {}');
    expect(spec.data?.weightMap).toMatchObject({ w0: 10, sigma: 5, classBalance: true });
    expect(spec.data?.border).toBe('mirror');
    expect(spec.augment?.elastic).toMatchObject({ grid: [3, 3], sigma: 10, interpolation: 'bicubic', p: 1 });
    expect(spec.train?.optimizer).toMatchObject({ kind: 'sgd', momentum: 0.99 });
    expect(spec.train).toMatchObject({ batch: 1, loss: { kind: 'weighted_ce' } });
  });
});

describe('peer conventions are expressible', () => {
  it('the seed Keras U-Net: 256x256x3, filters 16..256, same padding, one sigmoid output', () => {
    const spec = specOf(
      'network { input: 256 x 256 x 3, classes: 1, filters: 16, block { padding: same }, head: sigmoid }\ntrain { optimizer: adam, loss: bce, batch: 8, epochs: 20, steps_per_epoch: 75 }',
    );
    expect(spec.network.levels.map((l) => l.filters)).toEqual([16, 32, 64, 128, 256]);
    expect(spec.network.levels[0]!.encoder.padding).toBe('same');
    expect(spec.network.head).toMatchObject({ activation: 'sigmoid', channels: 1 });
    expect(spec.train?.optimizer).toMatchObject({ kind: 'adam', lr: 1e-4 });
  });

  it('nnU-Net 3D plain conv: anisotropic strided-conv down-sampling, instance norm without affine, capped filters', () => {
    const text = `network {
      input: 64 x 128 x 128 x 1
      depth: 5
      filters: 32
      max_filters: 320
      block { padding: same, norm: instance(affine: false), activation: leaky_relu(0.01) }
      down: conv(kernel: 3, stride: 2)
      level 0 { down: { stride: [1, 2, 2] } }
      up: transpose(kernel: 2, stride: 2)
      level 0 { }
      skip: concat
      supervision { heads: [X0_5, X1_4, X2_3], weights: halving }
    }`.replace('level 0 { }', '');
    const spec = specOf(text);
    const net = spec.network;
    expect(net.dims).toBe(3);
    expect(net.inputSize).toEqual([64, 128, 128]);
    expect(net.levels.map((l) => l.filters)).toEqual([32, 64, 128, 256, 320, 320]);
    expect(net.levels[0]!.down).toMatchObject({
      kind: 'conv',
      kernel: [3, 3, 3],
      stride: [1, 2, 2],
      padding: 'same',
      normAct: true,
      $path: '/network/level/0/down',
    });
    expect(net.levels[1]!.down).toMatchObject({ stride: [2, 2, 2], $path: '/network/down' });
    expect(net.levels[2]!.encoder.norm).toMatchObject({ kind: 'instance', affine: false });
    expect(net.levels[2]!.encoder.activation).toMatchObject({ kind: 'leaky_relu', alpha: 0.01 });
    expect(net.supervision?.heads.map((h) => [h.node.level, h.node.column, h.weight])).toEqual([
      [0, 5, 4 / 7],
      [1, 4, 2 / 7],
      [2, 3, 1 / 7],
    ]);
  });

  it("Çiçek's 3D U-Net: the first conv of an encoder block has half the channels, up-convs keep them", () => {
    const spec = specOf(
      'network { input: 132 x 132 x 116 x 3, classes: 3, depth: 3, block { norm: batch }, encoder { block { filters: [50%, 100%] } }, up: transpose(kernel: 2, stride: 2, filters: same) }',
    );
    const levels = spec.network.levels;
    expect(levels.map((l) => l.encoder.filters)).toEqual([
      [32, 64],
      [64, 128],
      [128, 256],
      [256, 512],
    ]);
    expect(levels[0]!.decoder?.filters).toBeUndefined();
    expect(levels[0]!.up?.filters).toBe('same');
    expect(frontEnd('network { block { filters: [50%] } }').diagnostics.map((d) => d.code)).toEqual([
      'UNC2006',
    ]);
  });

  it('MONAI UNet: transposed 3x3 up-conv with output padding, PReLU, residual units, batch norm', () => {
    const spec = specOf(
      'network { input: 96 x 96 x 1, block { padding: same, norm: batch, activation: prelu, residual: true, dropout: dropout(rate: 0.1, place: each_conv) }, up: transpose(kernel: 3, stride: 2, output_padding: 1) }',
    );
    const level = spec.network.levels[0]!;
    expect(level.up).toMatchObject({
      kind: 'transpose',
      kernel: [3, 3],
      stride: [2, 2],
      outputPadding: [1, 1],
      padding: 'same',
    });
    expect(level.encoder).toMatchObject({
      residual: true,
      norm: { kind: 'batch', epsilon: 1e-3, momentum: 0.99 },
      dropout: { rate: 0.1, place: 'each_conv' },
    });
  });

  it('U-Net++ with deep supervision and pruning; attention gates', () => {
    const pp = specOf(
      'network { input: 96 x 96 x 1, block { padding: same }, skip: nested, supervision { heads: [X0_1, X0_2, X0_3, X0_4], inference: average, prune: L2 } }',
    );
    expect(pp.network.levels[0]!.skip?.kind).toBe('nested');
    expect(pp.network.supervision).toMatchObject({ inference: 'average', prune: 2 });
    expect(pp.network.supervision?.heads.map((h) => h.weight)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(pp.network.supervision?.heads[2]!.node).toEqual({
      level: 0,
      column: 3,
      $path: '/network/supervision/heads/2',
    });
    const att = specOf(
      'network { input: 96 x 96 x 1, block { padding: same }, skip: attention(mode: same_resolution, inter: 64), level 0 { skip: concat } }',
    );
    expect(att.network.levels[0]!.skip).toMatchObject({ kind: 'concat', $path: '/network/level/0/skip' });
    expect(att.network.levels[1]!.skip).toMatchObject({
      kind: 'attention',
      attention: { mode: 'same_resolution', inter: { channels: 64 }, norm: 'batch' },
    });
  });

  it('resize up-sampling, avg pooling, explicit filter list and per-level overrides', () => {
    const spec = specOf(
      'network { depth: 2, filters: [8, 16, 40], up: bilinear(2), down: avgpool, decoder { block { convs: 3 } }, level 1 { block { kernel: 5 }, encoder { block { convs: 1 } } } }',
    );
    const [l0, l1, l2] = spec.network.levels;
    expect([l0!.filters, l1!.filters, l2!.filters]).toEqual([8, 16, 40]);
    expect(l0!.up).toMatchObject({ kind: 'bilinear', stride: [2, 2], kernel: [2, 2] });
    expect(l0!.down).toMatchObject({ kind: 'avgpool', kernel: [2, 2], stride: [2, 2] });
    expect(l1!.encoder).toMatchObject({ convs: 1, kernel: [5, 5], $path: '/network/level/1/encoder/block' });
    expect(l1!.decoder).toMatchObject({ convs: 3, kernel: [5, 5], $path: '/network/level/1/block' });
    expect(l0!.decoder).toMatchObject({ convs: 3, kernel: [3, 3], $path: '/network/decoder/block' });
  });

  it('the input size can be overridden', () => {
    const spec = specOf('network {}', 'x.unet', { inputSize: [188, 188] });
    expect(spec.network.inputSize).toEqual([188, 188]);
  });

  it('reads shapes written as strings in YAML and units in data, augmentation and training', () => {
    const spec = specOf(
      'network:\n  input: 512x512x1\ndata:\n  tile: 256x256\n  predict: { overlap: 32px, blend: gaussian }\n  validation: 0.1\n  ignore: 128\naugment:\n  shift: { range: -5px..5px, p: 20% }\n  noise: { std: 0..0.1 }\ntrain:\n  schedule: { type: poly }\n  loss: { type: ce_dice, dice_weight: 2 }\n  early_stop: { patience: 5 }\n',
      'x.yaml',
    );
    expect(spec.network.inputSize).toEqual([512, 512]);
    expect(spec.data?.train.tile).toEqual([256, 256]);
    expect(spec.data?.predict).toMatchObject({ tile: [512, 512], overlap: [32, 32], blend: 'gaussian' });
    expect(spec.data?.validation).toEqual({ fraction: 0.1 });
    expect(spec.data?.ignoreValue).toBe(128);
    expect(spec.augment?.shift).toMatchObject({ p: 0.2, range: { min: -5, max: 5 } });
    expect(spec.augment?.noise?.std).toEqual({ min: 0, max: 0.1 });
    expect(spec.train?.schedule).toMatchObject({ kind: 'poly', power: 0.9 });
    expect(spec.train?.loss).toMatchObject({ kind: 'ce_dice', diceWeight: 2 });
    expect(spec.train?.earlyStop?.patience).toBe(5);
  });

  it('classes default to the number of data classes', () => {
    const spec = specOf('network {}\ndata { classes { bg: 0, a: 1, b: 2 } }');
    expect(spec.network.classes).toBe(3);
    expect(spec.data?.weightMap?.foreground).toEqual([1, 2]);
  });
});

describe('errors', () => {
  it('reports every independent error in one run and returns no spec', () => {
    const result = frontEnd(
      'network { depth: 0, filtrs: 3, block { padding: vaild } }\naugment { rotate { range: -15..15, p: 2 } }\ntrain { batch: -1 }',
    );
    expect(result.spec).toBeUndefined();
    expect(codes(result).sort()).toEqual(
      ['UNC2001', 'UNC2004', 'UNC4001', 'UNC4003', 'UNC4004', 'UNC4004'].sort(),
    );
  });

  it('reports negative and huge sizes at the number that is wrong', () => {
    const text = 'network { input: -572 x 572 x 1, filters: 4294967296, block { kernel: -3 } }';
    const result = frontEnd(text);
    const found = result.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
    expect(found).toEqual([
      ['UNC4004', '-572'],
      ['UNC4005', '4294967296'],
      ['UNC4004', '-3'],
    ]);
    expect(result.diagnostics[0]!.message).toBe("'input[0]' is -572 but must be at least 1");
  });

  it('never throws, whatever the document', () => {
    const source = new SourceFile('x.unet', '');
    const values = [
      null,
      3,
      'x',
      [],
      [1, { network: 2 }],
      { network: null },
      { network: { level: { '2': 3 } } },
      { network: { input: 'ax' } },
    ];
    for (const value of values) {
      const doc: SpecDocument = {
        source,
        format: 'unet',
        value: value as SpecDocument['value'],
        valueSpans: new Map(),
        keySpans: new Map(),
        comments: new Map(),
      };
      const result = normalizeSpec(doc);
      expect(result.diagnostics.length).toBeGreaterThan(0);
      for (const d of result.diagnostics) expect(d.code).not.toBe('UNC9000');
    }
  });
});

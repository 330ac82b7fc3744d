import { describe, expect, it } from 'vitest';
import { frontEnd } from './helpers.js';

/** Normalisation of the constructs MONAI's networks need (language.md: block, down, up, skip, head). */
function network(body: string) {
  const result = frontEnd(`network {\n  input: 32 x 32 x 1\n  depth: 2\n  filters: 4\n${body}\n}`);
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return result.spec!.network;
}

describe('dropout', () => {
  it('accepts percentages like every other fraction', () => {
    const net = network('  block { dropout: 10% }');
    expect(net.levels[0]!.encoder.dropout).toMatchObject({ rate: 0.1, place: 'end', spatial: false });
  });

  it('layers overrides key by key: a level rate keeps the network place and spatial', () => {
    const net = network(
      '  block { dropout: dropout(rate: 0.1, place: between, spatial: true) }\n' +
        '  level 1 { dropout: { rate: 0.2 } }\n  bottleneck { dropout: 30% }',
    );
    expect(net.levels[0]!.encoder.dropout).toMatchObject({ rate: 0.1, place: 'between', spatial: true });
    expect(net.levels[1]!.encoder.dropout).toMatchObject({ rate: 0.2, place: 'between', spatial: true });
    expect(net.levels[2]!.encoder.dropout).toMatchObject({ rate: 0.3, place: 'between', spatial: true });
  });
});

describe('blocks that stride and their shortcuts', () => {
  it('down: block(stride) hands the stride to the next level’s first conv, per level', () => {
    const net = network(
      '  block { residual: residual(projection: block, norm: true, activation: after_add) }\n' +
        '  down: block(stride: 2)\n  level 1 { down: block(stride: 1) }',
    );
    expect(net.levels.map((l) => l.encoder.stride)).toEqual([
      [1, 1],
      [2, 2],
      [1, 1],
    ]);
    expect(net.levels[1]!.encoder).toMatchObject({
      residual: true,
      shortcut: { projection: 'block', norm: true, activation: 'after_add' },
    });
    expect(net.levels[0]!.down).toMatchObject({ kind: 'block', stride: [2, 2] });
  });

  it('reads prelu(shared: true), last: conv, merge: last and convs: 0', () => {
    const net = network(
      '  block { activation: prelu(shared: true), last: conv }\n' +
        '  decoder { block { merge: last } }\n  level 0 { encoder { block { convs: 0 } } }',
    );
    expect(net.levels[0]!.encoder).toMatchObject({ convs: 0, lastConvOnly: true, merge: 'first' });
    expect(net.levels[0]!.encoder.activation).toMatchObject({ kind: 'prelu', shared: true });
    expect(net.levels[0]!.decoder).toMatchObject({ merge: 'last' });
  });
});

describe('up-sampling, skips and heads', () => {
  it('up: a norm of its own, the block’s, none; conv before the resize; no layer at all', () => {
    const net = network(
      '  block { norm: instance(affine: false) }\n' +
        '  up: transpose(kernel: 3, stride: 2, norm: batch, activation: relu)\n' +
        '  level 1 { up: bilinear(kernel: 1, stride: 2, conv: before, norm: true) }',
    );
    expect(net.levels[0]!.up?.norm).toMatchObject({ kind: 'batch', affine: true });
    expect(net.levels[1]!.up).toMatchObject({ kind: 'bilinear', conv: 'before' });
    expect(net.levels[1]!.up?.norm).toMatchObject({ kind: 'instance', affine: false });
    const none = network('  level 1 { up: none }');
    expect(none.levels[1]!.up).toMatchObject({ kind: 'none', stride: [1, 1] });
  });

  it('skip: concat(pad: replicate) and head: none', () => {
    const net = network('  skip: concat(order: skip_first, pad: replicate)\n  head: none');
    expect(net.levels[0]!.skip).toMatchObject({ kind: 'concat', order: 'skip_first', pad: 'replicate' });
    expect(net.head).toMatchObject({ conv: false, activation: 'softmax', channels: 2 });
  });

  it('refuses pad on an additive skip and shared on a ReLU', () => {
    const r = frontEnd('network {\n  skip: add(pad: zero)\n  block { activation: relu(shared: true) }\n}');
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['UNC2014', 'UNC2014']);
  });
});

describe('the YAML form', () => {
  it('writes the same constructs as objects', () => {
    const yaml = [
      'network:',
      '  input: [32, 32, 1]',
      '  depth: 2',
      '  filters: 4',
      '  block:',
      '    activation: { type: prelu, shared: true }',
      '    residual: { projection: block, activation: after_add }',
      '    dropout: 10%',
      '  down: { type: block, stride: 2 }',
      '  skip: { type: concat, pad: replicate }',
      '  head: none',
      '',
    ].join('\n');
    const unet =
      'network {\n  input: 32 x 32 x 1\n  depth: 2\n  filters: 4\n' +
      '  block {\n    activation: prelu(shared: true)\n' +
      '    residual: residual(projection: block, activation: after_add)\n    dropout: 10%\n  }\n' +
      '  down: block(stride: 2)\n  skip: concat(pad: replicate)\n  head: none\n}';
    const fromYaml = frontEnd(yaml, 'net.yaml');
    const fromUnet = frontEnd(unet, 'net.unet');
    expect(fromYaml.diagnostics).toEqual([]);
    expect(fromUnet.diagnostics).toEqual([]);
    const strip = (v: unknown) =>
      JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === '$path' ? undefined : x)));
    expect(strip(fromYaml.spec!.network)).toEqual(strip(fromUnet.spec!.network));
    expect(fromYaml.spec!.network.levels[1]!.encoder).toMatchObject({
      stride: [2, 2],
      shortcut: { projection: 'block', norm: false, activation: 'after_add' },
    });
  });
});

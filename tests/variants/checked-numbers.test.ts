import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../src/compiler/ir/checked-model.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { compileSpec, compileText, specText } from './helpers/tiny-variant.js';

/**
 * The checked numbers of every family at its own input size — the figures docs/variants.md
 * quotes, pinned here so the document and the checker cannot drift apart.
 */
const golden = [
  { spec: 'unet2015', params: 31_030_658, convs: 23, io: '572×572×1 → 388×388×2', min: [188, 16] },
  { spec: 'unet-release2015', params: 31_100_354, convs: 23, io: '572×572×1 → 388×388×2', min: [188, 16] },
  { spec: 'unet-nuclei', params: 1_941_105, convs: 23, io: '256×256×3 → 256×256×1', min: [16, 16] },
  { spec: 'unetpp', params: 9_041_700, convs: 44, io: '96×96×1 → 96×96×1', min: [16, 16] },
  { spec: 'attention-unet', params: 2_034_085, convs: 35, io: '160×160×1 → 160×160×2', min: [16, 16] },
  { spec: 'attention-unet-monai', params: 1_990_386, convs: 31, io: '128×128×1 → 128×128×2', min: [16, 16] },
  { spec: 'unet3d', params: 19_079_299, convs: 18, io: '116×132×132×3 → 28×44×44×3', min: [92, 8] },
  { spec: 'nnunet-2d', params: 33_471_791, convs: 37, io: '512×512×1 → 512×512×3', min: [64, 64] },
  { spec: 'nnunet-3d', params: 30_666_476, convs: 31, io: '80×192×160×1 → 80×192×160×3', min: [8, 8] },
  { spec: 'monai-unet', params: 1_625_161, convs: 23, io: '96×96×1 → 96×96×2', min: [16, 16] },
  { spec: 'monai-basicunet', params: 1_978_466, convs: 23, io: '128×128×1 → 128×128×2', min: [16, 1] },
  { spec: 'dynunet', params: 5_685_193, convs: 25, io: '128×128×1 → 128×128×3', min: [16, 16] },
  { spec: 'dynunet-res', params: 5_811_753, convs: 30, io: '128×128×1 → 128×128×3', min: [16, 16] },
  { spec: 'resunet', params: 10_983_949, convs: 25, io: '224×224×3 → 224×224×1', min: [8, 8] },
  { spec: 'unet3plus', params: 26_205_121, convs: 35, io: '320×320×1 → 320×320×1', min: [16, 16] },
];

const shape = (s: readonly number[]) => s.join('×');
function inputOutput(model: CheckedModel): string {
  const input = model.graph.nodes.find((n) => n.id === model.graph.input)!;
  return `${shape(input.shape)} → ${shape(model.graph.outputs[0]!.shape)}`;
}
const grouped = (n: number) => n.toLocaleString('en-US');
const docsDir = path.resolve(import.meta.dirname, '../../docs');
const docs = readFileSync(path.join(docsDir, 'variants.md'), 'utf8');

describe.each(golden)('specs/$spec.unet', ({ spec, params, convs, io, min }) => {
  const model = compileSpec(`${spec}.unet`);

  it(`checks to ${grouped(params)} parameters, ${convs} conv layers, ${io}`, () => {
    expect(model.summary.params).toBe(params);
    expect(model.summary.convLayers).toBe(convs);
    expect(inputOutput(model)).toBe(io);
    const [first, modulus] = min;
    expect([model.summary.sizeRules[0]!.min, model.summary.sizeRules[0]!.modulus]).toEqual([first, modulus]);
  });

  it('is documented in docs/variants.md with these numbers and its figure', () => {
    expect(docs).toContain(`specs/${spec}.unet`);
    expect(docs).toContain(`](figures/${spec}.svg)`);
    expect(docs).toContain(grouped(params));
    expect(docs).toContain(io);
    // The figure is `unetc graph specs/<spec>.unet -o docs/figures/<spec>.svg` of this network.
    const figure = readFileSync(path.join(docsDir, 'figures', `${spec}.svg`), 'utf8');
    expect(figure).toContain(`${grouped(params)} parameters`);
  });
});

describe('conventions the documentation promises are one line away', () => {
  const edit = (spec: string, from: string, to: string): CheckedModel => {
    const { text, file } = specText(`${spec}.unet`);
    expect(text).toContain(from);
    return compileText(text.replace(from, to), file);
  };

  it('Çiçek 2016 exactly: half-width first convs and bias-free up-convs give the paper’s 19,069,955 conv parameters', () => {
    const model = compileSpec('unet3d.unet');
    const norms = model.graph.nodes.filter((n) => n.attrs.op === 'norm').reduce((s, n) => s + n.params, 0);
    expect(model.summary.params).toBe(19_079_299);
    expect(model.summary.params - norms).toBe(19_069_955);
    expect(inputOutput(model)).toBe('116×132×132×3 → 28×44×44×3');
  });

  it('the paper’s top up-conv halves 128 → 64; the Caffe release keeps 128 (+69,696 parameters)', () => {
    const paper = compileSpec('unet2015.unet');
    const release = compileSpec('unet-release2015.unet');
    const up = (m: CheckedModel) => m.graph.nodes.find((n) => n.id === 'dec0_up')!;
    expect(up(paper).shape.at(-1)).toBe(64);
    expect(up(release).shape.at(-1)).toBe(128);
    expect(release.summary.params - paper.summary.params).toBe(69_696);
  });

  it('attention gates: strided W_x computes α on the coarse grid; same_resolution on the skip’s grid', () => {
    const gate = (m: CheckedModel, level: number) => ({
      wx: m.graph.nodes.find((n) => n.id === `att${level}_wx`)!,
      skip: m.graph.nodes.find((n) => n.id === `enc${level}_act2`)!,
    });
    const strided = gate(compileSpec('attention-unet.unet'), 2);
    expect(strided.wx.attrs).toMatchObject({ op: 'conv', kernel: [2, 2], strides: [2, 2], useBias: false });
    expect(strided.wx.shape.slice(0, 2)).toEqual(strided.skip.shape.slice(0, 2).map((s) => s / 2));
    const same = gate(compileSpec('attention-unet-monai.unet'), 2);
    expect(same.wx.attrs).toMatchObject({ op: 'conv', kernel: [1, 1], strides: [1, 1] });
    expect(same.wx.shape.slice(0, 2)).toEqual(same.skip.shape.slice(0, 2));
    const swapped = edit('attention-unet', 'mode: strided', 'mode: same_resolution');
    expect(swapped.graph.nodes.find((n) => n.id === 'att2_wx')!.attrs).toMatchObject({ strides: [1, 1] });
  });

  it('valid padding: the strided gate’s grids no longer meet (UNC3008); the same-resolution gate crops the skip', () => {
    const valid = (spec: string) => {
      const { text, file } = specText(`${spec}.unet`);
      // Valid convs that stride never tile an axis at every level: pool instead.
      const edited = text
        .replace('padding: same\n', 'padding: valid\n')
        .replace('down: block(stride: 2)', 'down: maxpool(2)')
        .replace(/input: \d+ x \d+ x 1/, 'input: 188 x 188 x 1');
      return compileSource(edited, file);
    };
    expect(valid('attention-unet').diagnostics.map((d) => d.code)).toContain('UNC3008');
    const monai = valid('attention-unet-monai');
    expect(monai.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const node = (id: string) => monai.model!.graph.nodes.find((n) => n.id === id)!;
    expect(node('att0_wx').inputs).toEqual(['dec0_crop']);
    expect(node('dec0_crop').shape).toEqual(node('dec0_up').shape);
  });
});

import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import { fakeLocate, paperSpec, seedSpec, spec } from './fixtures.js';

const check = (spec: Parameters<typeof checkSpec>[0]) => checkSpec(spec, fakeLocate().locate);

describe('the 2015 paper network', () => {
  const { model, diagnostics } = check(paperSpec());

  it('checks without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(model).toBeDefined();
  });

  it('maps 572×572×1 to 388×388×2 with 23 conv layers and 31,030,658 parameters', () => {
    expect(model!.graph.outputs[0]!.shape).toEqual([388, 388, 2]);
    expect(model!.summary.convLayers).toBe(23);
    expect(model!.summary.params).toBe(31_030_658);
    expect(model!.summary.trainableParams).toBe(31_030_658);
  });

  it('crops the skips by 88, 40, 16 and 4 per side', () => {
    const crops = [0, 1, 2, 3].map((i) => model!.graph.nodes.find((n) => n.id === `dec${i}_crop`)!.attrs);
    expect(crops.map((a) => (a.op === 'crop' ? a.cropping : null))).toEqual([
      [
        [88, 88],
        [88, 88],
      ],
      [
        [40, 40],
        [40, 40],
      ],
      [
        [16, 16],
        [16, 16],
      ],
      [
        [4, 4],
        [4, 4],
      ],
    ]);
  });

  it('admits s ≡ 12 (mod 16), s ≥ 188 with output s − 184', () => {
    for (const rule of model!.summary.sizeRules) {
      expect(rule).toEqual({ modulus: 16, min: 188, outputScale: 1, outputShift: -184 });
    }
    expect(model!.summary.labelCrop).toEqual([
      [92, 92],
      [92, 92],
    ]);
  });

  it('has the feature-map sizes of Fig. 1', () => {
    const shape = (id: string) => model!.graph.nodes.find((n) => n.id === id)?.shape;
    expect(shape('enc0_conv2')).toEqual([568, 568, 64]);
    expect(shape('bottleneck_conv2')).toEqual([28, 28, 1024]);
    expect(shape('dec3_up')).toEqual([56, 56, 512]);
    expect(shape('dec3_concat')).toEqual([56, 56, 1024]);
    expect(shape('dec0_conv2')).toEqual([388, 388, 64]);
    expect(model!.summary.receptiveField).toEqual([204, 204]);
  });

  it('keeps the IR in topological order with unique ids', () => {
    const seen = new Set<string>();
    for (const node of model!.graph.nodes) {
      for (const input of node.inputs) expect(seen.has(input)).toBe(true);
      expect(seen.has(node.id)).toBe(false);
      seen.add(node.id);
    }
  });
});

describe('the seed nuclei network', () => {
  it('has 1,941,105 parameters and keeps the input size', () => {
    const { model, diagnostics } = check(seedSpec());
    expect(diagnostics).toEqual([]);
    expect(model!.summary.params).toBe(1_941_105);
    expect(model!.graph.outputs[0]!.shape).toEqual([256, 256, 1]);
    expect(model!.summary.sizeRules[0]).toEqual({ modulus: 16, min: 16, outputScale: 1, outputShift: 0 });
  });
});

describe('receptive field', () => {
  it('is exact, phase included: a depth-1 valid U-Net sees 18 pixels, one more than its 16-pixel halo', () => {
    // Output o (even) → concat [o, o + 4] → up-conv taps coarse [o/2, o/2 + 2] → two convs
    // [o/2, o/2 + 6] → pool [o, o + 13] → two convs [o, o + 17]: 18 input pixels.
    const { model } = check(spec({ input: [68, 68], depth: 1, filters: 4 }));
    expect(model!.graph.outputs[0]!.shape.slice(0, 2)).toEqual([52, 52]);
    expect(model!.summary.receptiveField).toEqual([18, 18]);
  });
});

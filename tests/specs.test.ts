import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSummaryTable } from '../src/compiler/report/summary-table.js';
import { compileSource } from '../src/compiler/pipeline.js';
import { expectBaseline, listFiles } from './support/baselines.js';

/**
 * The spec library (CI runs `unetc check specs/`): every spec checks without errors, and its
 * `unetc summary` table is pinned in tests/baselines/specs/<name>.summary.txt. A YAML twin shares
 * the baseline of its .unet spec, so the two forms cannot drift apart.
 */
const specs = listFiles('specs', (p) => /\.(unet|ya?ml)$/.test(p));

function compileSpec(file: string) {
  return compileSource(readFileSync(`specs/${file}`, 'utf8'), `specs/${file}`);
}

describe('spec library', () => {
  it('has the reference architectures', () => {
    for (const name of [
      'unet2015.unet',
      'unet-nuclei.unet',
      'unet-release2015.unet',
      'unetpp.unet',
      'attention-unet.unet',
      'attention-unet-monai.unet',
      'unet3d.unet',
      'monai-unet.unet',
      'monai-basicunet.unet',
      'dynunet.unet',
      'dynunet-res.unet',
      'nnunet-2d.unet',
      'nnunet-3d.unet',
      'unet3plus.unet',
      'resunet.unet',
    ]) {
      expect(specs).toContain(name);
    }
  });

  for (const file of specs) {
    it(`${file} checks clean and matches its golden summary`, () => {
      const result = compileSpec(file);
      const errors = result.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.message}`);
      expect(errors).toEqual([]);
      expect(result.model).toBeDefined();
      const stem = file.replace(/\.(unet|ya?ml)$/, '');
      expectBaseline(`tests/baselines/specs/${stem}.summary.txt`, renderSummaryTable(result.model!));
    });
  }

  it('reproduces the published numbers', () => {
    const expectModel = (
      file: string,
      params: number,
      input: number[],
      outputs: number[][],
      convLayers?: number,
    ) => {
      const model = compileSpec(file).model!;
      expect(model.summary.params, `${file} params`).toBe(params);
      expect(model.graph.nodes.find((n) => n.id === model.graph.input)?.shape, `${file} input`).toEqual(
        input,
      );
      expect(
        model.graph.outputs.map((o) => o.shape),
        `${file} outputs`,
      ).toEqual(outputs);
      if (convLayers !== undefined) expect(model.summary.convLayers, `${file} conv layers`).toBe(convLayers);
    };
    // Ronneberger 2015, Fig. 1: 572 -> 388, 23 conv layers.
    expectModel('unet2015.unet', 31_030_658, [572, 572, 1], [[388, 388, 2]], 23);
    // The Caffe release: + 69,696 (ReLU'd up-convs, 128-channel last up-conv).
    expectModel('unet-release2015.unet', 31_100_354, [572, 572, 1], [[388, 388, 2]], 23);
    // The seed repo's DSB 2018 notebook prints 1,941,105.
    expectModel('unet-nuclei.unet', 1_941_105, [256, 256, 3], [[256, 256, 1]], 23);
    // Çiçek 2016: 132x132x116 -> 44x44x28 (written D x H x W here).
    const cicek = compileSpec('unet3d.unet').model!;
    expect(cicek.graph.outputs[0]!.shape).toEqual([28, 44, 44, 3]);
    // U-Net++ deep supervision: four trained full-resolution heads (plus the averaged main output).
    const heads = compileSpec('unetpp.unet').model!.graph.outputs.filter((o) => o.lossWeight > 0);
    expect(heads.map((o) => o.name).sort()).toEqual(['X0_1', 'X0_2', 'X0_3', 'X0_4']);
    expect(heads.every((o) => o.shape.join() === '96,96,1')).toBe(true);
  });
});

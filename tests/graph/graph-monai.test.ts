import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderNetworkSvg, visualModelOf } from '../../src/compiler/graph/index.js';
import { compileSource } from '../../src/compiler/pipeline.js';

function compileSpec(path: string, inputSize?: number[]) {
  const result = compileSource(readFileSync(path, 'utf8'), path, inputSize ? { inputSize } : {});
  if (!result.model) throw new Error(`${path}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return result.model;
}

describe('unetc graph on the MONAI constructs', () => {
  it('draws MONAI UNet: blocks that stride, shortcuts spanning the stride, the top up-conv emitting the classes', () => {
    const model = compileSpec('specs/monai-unet.unet');
    const visual = visualModelOf(model);
    const arrows = visual.arrows.map((a) => [a.kind, a.label, a.from, a.to]);
    expect(arrows).toContainEqual(['down', 'conv 3×3 /2, IN, PReLU', 'input', 'enc1_conv1']);
    expect(arrows).toContainEqual(['down', 'conv 3×3 /2', 'input', 'enc1_proj']);
    expect(arrows).toContainEqual(['up', 'up-conv 3×3, IN, PReLU', 'dec1_concat:copy1', 'dec0_up']);
    expect(arrows).toContainEqual(['head', 'softmax', 'dec0_add', 'head']);
    expect(renderNetworkSvg(model)).toContain('1,625,161 parameters');
  });

  it('draws the padding of odd sizes back to the skip', () => {
    const model = compileSpec('specs/monai-basicunet.unet', [33, 35]);
    const visual = visualModelOf(model);
    const pad = visual.arrows.find((a) => a.to === 'dec0_pad');
    expect(pad?.label).toBe('pad to skip (replicate)');
    expect(visual.boxes.find((b) => b.id === 'dec0_pad')?.shape).toEqual([33, 35, 32]);
    expect(renderNetworkSvg(model)).toContain('>pad to skip (replicate)<');
  });
});

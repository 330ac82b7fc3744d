import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderNetworkSvg, visualModelOf } from '../../src/compiler/graph/index.js';
import { compileSource } from '../../src/compiler/pipeline.js';

function compileSpec(path: string) {
  const result = compileSource(readFileSync(path, 'utf8'), path);
  if (!result.model) throw new Error(`${path}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return result.model;
}

describe('unetc graph on the shipped specs', () => {
  it('draws specs/unet2015.unet as the paper Figure 1', () => {
    const model = compileSpec('specs/unet2015.unet');
    const visual = visualModelOf(model);
    const sizes = (row: number) =>
      visual.boxes
        .filter((b) => b.row === row && b.kind !== 'copy')
        .map((b) => b.shape.slice(0, -1).join('×'));
    expect(sizes(0)).toEqual(['572×572', '570×570', '568×568', '392×392', '390×390', '388×388', '388×388']);
    expect(sizes(4)).toEqual(['32×32', '30×30', '28×28']);
    // Crops 568→392, 280→200, 136→104, 64→56 (88, 40, 16, 4 per side).
    const crops = visual.boxes.filter((b) => b.kind === 'copy').map((b) => b.crop);
    expect(crops.sort((a, b) => b![0] - a![0])).toEqual([
      [568, 392],
      [280, 200],
      [136, 104],
      [64, 56],
    ]);
    const svg = renderNetworkSvg(model);
    expect(svg).toContain('31,030,658 parameters');
    expect(svg).toContain('23 conv layers');
    for (const label of [
      'conv 3×3, ReLU',
      'max pool 2×2',
      'up-conv 2×2',
      'copy and crop',
      'conv 1×1, softmax',
    ])
      expect(svg).toContain(`>${label}<`);
  });

  it('draws U-Net++ nodes X(i,j) and attention gates from their specs', () => {
    const unetpp = visualModelOf(compileSpec('specs/unetpp.unet'));
    const depth = Math.max(...unetpp.boxes.map((b) => b.row));
    for (let i = 0; i <= depth; i++) {
      for (let j = 0; i + j <= depth; j++)
        expect(unetpp.boxes.some((b) => b.row === i && b.column === j && b.kind === 'map')).toBe(true);
    }
    const attention = visualModelOf(compileSpec('specs/attention-unet.unet'));
    expect(attention.gates.length).toBeGreaterThan(0);
    for (const gate of attention.gates)
      expect(attention.arrows.filter((a) => a.to === gate.id).length).toBeGreaterThanOrEqual(2);
  });

  it('draws every shipped .unet spec without overlapping boxes in a row', async () => {
    const { readdirSync } = await import('node:fs');
    const { layoutModel } = await import('../../src/compiler/graph/layout.js');
    for (const file of readdirSync('specs').filter((f) => f.endsWith('.unet'))) {
      const visual = visualModelOf(compileSpec(`specs/${file}`));
      const layout = layoutModel(visual);
      const rects = [...layout.boxes.values()];
      const overlaps = rects.filter((p, a) =>
        rects.some(
          (q, b) =>
            b > a &&
            p.x < q.x + q.width - 0.5 &&
            q.x < p.x + p.width - 0.5 &&
            p.y < q.y + q.height &&
            q.y < p.y + p.height,
        ),
      );
      expect(overlaps, file).toHaveLength(0);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildVisualModel } from '../../src/compiler/graph/build-visual.js';
import { layoutModel } from '../../src/compiler/graph/layout.js';
import { renderSvg } from '../../src/compiler/graph/render-svg.js';
import { paperUnet, unetPlusPlus } from './ir-fixtures.js';

const draw = (graph: ReturnType<typeof paperUnet>) => {
  const model = buildVisualModel(graph, 'test');
  const layout = layoutModel(model);
  return { model, layout, svg: renderSvg(model, layout, 'sub') };
};

describe('drawing the paper U-Net (Figure 1)', () => {
  const { model, layout, svg } = draw(paperUnet());

  it('has the boxes of Figure 1 per level, with sizes and channels', () => {
    const perRow = (row: number, kind?: string) =>
      model.boxes.filter((b) => b.row === row && (!kind || b.kind === kind));
    // Level 0: input, 2 convs, copy, up-conv, 2 convs, output.
    expect(perRow(0).map((b) => `${b.kind}:${b.shape.join('×')}`)).toEqual([
      'input:572×572×1',
      'map:570×570×64',
      'map:568×568×64',
      'map:392×392×64',
      'copy:392×392×64',
      'map:390×390×64',
      'map:388×388×64',
      'output:388×388×2',
    ]);
    // The bottleneck: pool + 2 convs (dropout folded in).
    expect(perRow(4).map((b) => b.shape.join('×'))).toEqual(['32×32×512', '30×30×1024', '28×28×1024']);
    for (let level = 0; level < 4; level++) expect(perRow(level, 'copy')).toHaveLength(1);
    expect(model.boxes.find((b) => b.kind === 'copy' && b.row === 0)?.crop).toEqual([568, 392]);
  });

  it('has every arrow kind of the figure with the paper words', () => {
    const kinds = new Map<string, Set<string>>();
    for (const a of model.arrows) kinds.set(a.kind, (kinds.get(a.kind) ?? new Set()).add(a.label));
    expect([...kinds.get('conv')!]).toEqual(['conv 3×3, ReLU']);
    expect([...kinds.get('pool')!]).toEqual(['max pool 2×2']);
    expect([...kinds.get('up')!]).toEqual(['up-conv 2×2']);
    expect([...kinds.get('copy')!]).toEqual(['copy and crop']);
    expect([...kinds.get('head')!]).toEqual(['conv 1×1, softmax']);
    expect(model.arrows.filter((a) => a.kind === 'conv')).toHaveLength(18);
    expect(model.arrows.filter((a) => a.kind === 'pool')).toHaveLength(4);
    expect(model.arrows.filter((a) => a.kind === 'up')).toHaveLength(4);
  });

  it('lays out a U: levels go down, pool and up-conv arrows are vertical', () => {
    const center = (id: string) => layout.rowCenter.get(model.boxes.find((b) => b.id === id)!.row)!;
    expect(center('bottleneck_conv2')).toBeGreaterThan(center('enc0_conv2'));
    const pool = layout.boxes.get('down0_pool')!;
    const above = layout.boxes.get('enc0_conv2')!;
    expect(pool.x).toBe(above.x);
    const upBox = layout.boxes.get('up3_upconv')!;
    expect(upBox.x).toBe(layout.boxes.get('bottleneck_conv2')!.x);
    // Decoder to the right of the encoder on every level.
    expect(layout.boxes.get('dec0_conv1')!.x).toBeGreaterThan(layout.boxes.get('bottleneck_conv2')!.x);
  });

  it('renders SVG with labels, arrows of each kind, crops and a legend', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>572×572<');
    expect(svg).toContain('>388×388<');
    expect(svg).toContain('>1024<');
    for (const kind of ['conv', 'pool', 'up', 'copy', 'head']) expect(svg).toContain(`arrow arrow-${kind}`);
    expect(svg).toContain('crop 568→392');
    expect(svg.match(/class="crop"/g)).toHaveLength(4);
    expect(svg.match(/class="legend-entry"/g)).toHaveLength(5);
    expect(svg.match(/class="box box-/g)).toHaveLength(model.boxes.length);
  });
});

describe('drawing variants', () => {
  it('draws attention gates with skip and gating inputs', () => {
    const { model, svg } = draw(paperUnet(572, 4, 64, 'valid', true));
    expect(model.gates).toHaveLength(4);
    for (const gate of model.gates) {
      const into = model.arrows.filter((a) => a.to === gate.id);
      const rows = into.map((a) => model.boxes.find((b) => b.id === a.from)!.row);
      expect(rows.sort()).toEqual([gate.row, gate.row + 1]);
      expect(model.arrows.some((a) => a.from === gate.id && a.kind === 'copy')).toBe(true);
    }
    expect(svg.match(/class="gate"/g)).toHaveLength(4);
    expect(svg).toContain('attention gate');
  });

  it('draws the U-Net++ grid X(i, j) with dense skips and deep-supervision heads', () => {
    const { model, layout, svg } = draw(unetPlusPlus(96, 3, 32));
    const cells = new Set(model.boxes.filter((b) => b.kind === 'map').map((b) => `${b.row},${b.column}`));
    for (let i = 0; i <= 3; i++) for (let j = 0; i + j <= 3; j++) expect(cells.has(`${i},${j}`)).toBe(true);
    // X(0,3) concatenates X(0,0), X(0,1), X(0,2) and the up-sampled X(1,2).
    const copies03 = model.boxes.filter((b) => b.kind === 'copy' && b.row === 0 && b.column === 3);
    expect(copies03).toHaveLength(3);
    expect(model.boxes.filter((b) => b.kind === 'output')).toHaveLength(3);
    // Columns run left to right on one level.
    const x = (row: number, column: number) =>
      Math.min(
        ...model.boxes
          .filter((b) => b.row === row && b.column === column)
          .map((b) => layout.boxes.get(b.id)!.x),
      );
    expect(x(0, 1)).toBeLessThan(x(0, 2));
    expect(x(0, 2)).toBeLessThan(x(0, 3));
    // Skips that jump over nodes are drawn as arcs (cubic curves).
    expect(svg).toMatch(/class="arrow arrow-copy"[^>]*d="M[^"]*C/);
  });

  it('never overlaps two boxes', () => {
    for (const graph of [
      paperUnet(),
      paperUnet(572, 4, 64, 'valid', true),
      unetPlusPlus(),
      paperUnet(64, 2, 8, 'same'),
    ]) {
      const { layout } = draw(graph);
      const rects = [...layout.boxes.values()];
      for (let a = 0; a < rects.length; a++) {
        for (let b = a + 1; b < rects.length; b++) {
          const p = rects[a]!;
          const q = rects[b]!;
          const overlap =
            p.x < q.x + q.width - 0.5 &&
            q.x < p.x + p.width - 0.5 &&
            p.y < q.y + q.height &&
            q.y < p.y + p.height;
          expect(overlap).toBe(false);
        }
      }
    }
  });
});

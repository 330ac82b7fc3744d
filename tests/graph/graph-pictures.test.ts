import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderNetworkSvg } from '../../src/compiler/graph/index.js';
import { compileSource } from '../../src/compiler/pipeline.js';

function svgOf(text: string, file: string): string {
  const result = compileSource(text, file);
  if (!result.model) throw new Error(`${file}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return renderNetworkSvg(result.model);
}

/** A 3D valid-padding net that pools 1×2×2 at level 0 and 2×2×2 below (anisotropic voxels). */
const anisotropic = `name: "aniso"
network {
  input: 26 x 68 x 68 x 1
  classes: 2
  depth: 2
  filters: 8
  block { convs: 2, kernel: 3, padding: valid }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  level 0 { down: maxpool(kernel: 1 x 2 x 2), up: transpose(kernel: 1 x 2 x 2, stride: 1 x 2 x 2) }
  skip: crop_concat
}
`;

describe('unetc graph: figures a reader can trust', () => {
  it('U-Net++ dense-skip arrowheads land clear of the channel numbers', () => {
    const svg = svgOf(readFileSync('specs/unetpp.unet', 'utf8'), 'specs/unetpp.unet');
    const arcs = [...svg.matchAll(/data-to="([^"]+)" d="M[^"]*C[^"]* ([\d.]+),([\d.]+)"/g)];
    expect(arcs.length).toBeGreaterThan(5);
    for (const [, to, endX, endY] of arcs) {
      const box = new RegExp(
        `data-id="${to!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*><rect x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)"[^>]*/><text class="channels" x="([\\d.]+)" y="([\\d.]+)"[^>]*text-anchor="(\\w+)"`,
      ).exec(svg);
      expect(box, to).not.toBeNull();
      const [, , , , textX, , anchor] = box!;
      // The number starts right of the arrowhead (which ends at the box's top-left corner).
      expect(anchor).toBe('start');
      expect(Number(textX)).toBeGreaterThan(Number(endX) + 4);
      expect(Number(endY)).toBeLessThan(Number(box![2]) + 1);
    }
  });

  it('3D crop labels name every axis', () => {
    const svg = svgOf(readFileSync('specs/unet3d.unet', 'utf8'), 'specs/unet3d.unet');
    const crops = [...svg.matchAll(/crop (\S+)→(\S+?)</g)].map((m) => [m[1], m[2]]);
    expect(crops.length).toBeGreaterThan(0);
    for (const [from, to] of crops) {
      expect(from).toMatch(/^\d+×\d+×\d+$/);
      expect(to).toMatch(/^\d+×\d+×\d+$/);
    }
    // 2D square crops keep the paper's short form.
    expect(svgOf(readFileSync('specs/unet2015.unet', 'utf8'), 'specs/unet2015.unet')).toContain(
      'crop 568→392',
    );
  });

  it('draws a 1×2×2 pool differently from a 2×2×2 pool, in the figure and the legend', () => {
    const svg = svgOf(anisotropic, 'aniso.unet');
    const legend = (label: string): string =>
      new RegExp(`<path [^>]*/><text [^>]*>${label}</text>`).exec(svg)?.[0] ?? '';
    expect(legend('max pool 1×2×2')).toContain('stroke-dasharray="2 2"');
    expect(legend('max pool 2×2×2')).not.toContain('stroke-dasharray');
    const pools = [...svg.matchAll(/<path class="arrow arrow-pool"[^>]*>/g)].map((m) => m[0]);
    expect(pools.filter((p) => p.includes('stroke-dasharray="2 2"'))).toHaveLength(1);
    expect(pools.filter((p) => !p.includes('stroke-dasharray'))).toHaveLength(1);
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../support/run-cli.js';

describe('unetc graph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unetc-graph-'));

  it('writes the SVG to -o, or to stdout', async () => {
    const path = join(dir, 'unet.svg');
    let r = await run(['graph', 'specs/unet2015.unet', '-o', path]);
    expect(r.code).toBe(0);
    const svg = readFileSync(path, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>572×572<');
    r = await run(['graph', 'specs/unet2015.unet', '--input-size', '188x188']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('>188×188<');
    expect(r.out).toContain('>4×4<');
  });

  it('refuses PNG output and specs with errors, on one line', async () => {
    let r = await run(['graph', 'specs/unet2015.unet', '-o', join(dir, 'unet.png')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^unetc: cannot write .*unet\.png': unetc draws SVG only/);
    r = await run(['graph', 'specs/unet2015.unet', '--input-size', '100x100']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('has errors; nothing drawn');
    r = await run(['graph', join(dir, 'missing.unet')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^unetc: cannot read .*missing\.unet': no such file/);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatUnet, formatYaml } from '../../src/compiler/format/format.js';
import { parseSource } from '../../src/compiler/pipeline.js';
import { repoRoot } from '../cli/run-cli.js';

/**
 * Three MONAI specs are being rewritten for exact parity elsewhere; they are formatted with
 * `unetc fmt -w` when that work lands, and leave this list then.
 */
/** Every spec the project ships: specs/ and the examples' specs (what `npm run fmt-check` covers). */
function shippedSpecs(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === 'data' ? [] : walk(`${dir}/${e.name}`)) : [`${dir}/${e.name}`],
    );
  return [...walk('specs'), ...walk('examples')].filter((p) => /\.(unet|ya?ml)$/.test(p));
}

describe('the spec library is in canonical form (unetc fmt --check)', () => {
  const specs = shippedSpecs();

  it('ships specs', () => {
    expect(specs.length).toBeGreaterThanOrEqual(17);
  });

  for (const rel of specs) {
    it(rel, () => {
      const text = readFileSync(join(repoRoot, rel), 'utf8');
      const parsed = parseSource(text, rel);
      expect(parsed.diagnostics).toEqual([]);
      const formatted =
        parsed.syntax === 'yaml' ? formatYaml(parsed.document!) : formatUnet(parsed.document!);
      expect(formatted, `run: unetc fmt -w ${rel}`).toBe(text);
    });
  }
});

describe('fmt keeps trailing comments on their line', () => {
  it('after a value, after a one-line block, and after a block’s opening brace', () => {
    const text =
      'network {\n  filters: 64            # doubled at every level\n  block {                # every conv block\n    convs: 2\n  }\n  bottleneck { dropout: 0.5 }   # drop-out\n}\n';
    const out = formatUnet(parseSource(text, 'c.unet').document!);
    expect(out).toBe(
      'network {\n  filters: 64  # doubled at every level\n  block {  # every conv block\n    convs: 2\n  }\n  bottleneck { dropout: 0.5 }  # drop-out\n}\n',
    );
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../../src/compiler/pipeline.js';
import { frontEnd, readSpec } from './helpers.js';

const markdown = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');
/** Untagged code blocks in the language reference are .unet text. */
const blocks = [...markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)]
  .filter((m) => m[1] === '')
  .map((m) => m[2]!);

/** A block holding several examples (`network { … }` each) is checked one network at a time. */
function examples(block: string): string[] {
  if (!/^network\b/m.test(block))
    return [`network {\n  skip: nested\n  input: 64 x 64 x 64 x 1\n${block}\n}`];
  return block.split(/\n(?=# )/).filter((part) => /network/.test(part));
}

describe('docs/language.md', () => {
  it('shows specs/unet2015.unet verbatim', () => {
    expect(markdown).toContain(readSpec('unet2015.unet').trimEnd());
  });

  it.each(blocks.flatMap(examples).map((text, i) => [i, text] as const))(
    'example %i compiles without diagnostics',
    (_, text) => {
      expect(frontEnd(text, 'doc.unet').diagnostics).toEqual([]);
    },
  );

  /** Whole-network examples must also pass the checker (shapes, skips, up/down agreement). */
  it.each(
    blocks
      .filter((block) => /^network\b/m.test(block))
      .flatMap(examples)
      .map((text, i) => [i, text] as const),
  )('network example %i has no checker errors', (_, text) => {
    const errors = compileSource(text, 'doc.unet').diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
});

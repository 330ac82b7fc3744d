import { describe, expect, it } from 'vitest';
import { Messages } from '../../src/compiler/diagnostics/messages.js';
import { applyFix, codes, frontEnd, spanText } from './helpers.js';

/**
 * One small spec per diagnostic code of the front end (1xxx, 2xxx, 4000–4499): the code is reported,
 * on the expected text, and where a fix is offered, applying it removes the error.
 */
interface Case {
  readonly text: string;
  readonly file?: string;
  /** The text the diagnostic's span must cover. */
  readonly at?: string;
  /** The fixed text must compile without this code. */
  readonly fixed?: boolean;
}

const cases: Record<string, Case> = {
  UNC1001: { text: 'network { depth: 4 @ }', at: '@' },
  UNC1002: { text: 'network { depth 4 }', at: '4' },
  UNC1003: { text: 'name: "unet\nnetwork {}', at: '"unet' },
  UNC1004: { text: `network { depth: 1${'0'.repeat(400)} }` },
  UNC1005: { text: '# only a comment\n' },
  UNC1006: { text: 'network {\u0000}', at: '\u0000' },
  UNC1007: { text: 'augment { elastic { sigma: 10pz } }', at: '10pz' },
  UNC1008: { text: 'name: "a\\qb"\nnetwork {}', at: '\\q' },
  UNC1009: { text: '@ '.repeat(60) },
  UNC1012: { text: `network { filters: ${'['.repeat(65)}${']'.repeat(65)} }`, at: '[' },
  UNC1013: { text: `network { ${Array.from({ length: 101 }, (_, i) => `k${i}: 1`).join(' ')} }` },
  UNC1015: { text: 'network { down: maxpool(kernel: (2, 2)) }', at: '(', fixed: true },
  UNC1014: { text: `name: "${'x'.repeat(256 * 1024)}"` },
  UNC1010: { text: 'network {\n  depth: 4\n', at: '{' },
  UNC1011: { text: 'network { down: maxpool(2\n}', at: '}', fixed: true },
  UNC1100: { text: 'network: [1, 2\n', file: 'a.yaml' },
  UNC1101: { text: '%FOO bar\n---\nnetwork: {}\n', file: 'a.yaml' },
  UNC1102: { text: 'network: {}\n---\nnetwork: {}\n', file: 'a.yaml' },
  UNC1103: { text: '? [a, b]\n: 1\nnetwork: {}\n', file: 'a.yaml' },
  UNC1104: { text: 'network: { block: *nope }\n', file: 'a.yaml', at: '*nope' },
  UNC1105: {
    text: `a0: &a0 [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 6 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`,
    file: 'a.yaml',
  },
  UNC2001: { text: 'network { filtrs: 64 }', at: 'filtrs', fixed: true },
  UNC2002: { text: 'network { depth: 4, depth: 5 }', at: 'depth' },
  UNC2003: { text: 'network { depth: "four" }', at: '"four"' },
  UNC2004: { text: 'network { block { padding: vaild } }', at: 'vaild', fixed: true },
  UNC2005: { text: 'name: "x"' },
  UNC2006: { text: 'network { block { kernel: [3, 3, 3] } }', at: '[3, 3, 3]' },
  UNC2007: { text: 'network { head: softmax(2) }', at: '2' },
  UNC2008: { text: 'network { down: maxpool(2, 2) }' },
  UNC2010: { text: 'network { depth: 2, filters: [8, 16] }', at: '[8, 16]' },
  UNC2011: { text: 'network { depth: 2, level 5 { filters: 3 } }', at: 'level 5' },
  UNC2012: { text: 'network { supervision { heads: [X0_4, Xa] } }', file: 'a.unet' },
  UNC2013: { text: 'network { supervision { heads: [X0_2] } }', at: 'X0_2' },
  UNC2014: { text: 'network { down: maxpool(kernel: 2, padding: same) }', at: 'padding' },
  UNC2015: { text: 'network { supervision { heads: [X0_4, X1_3], weights: [1] } }', at: '[1]' },
  UNC2016: { text: 'network { supervision { prune: L } }', at: 'L' },
  UNC2017: { text: 'network {}\ndata { classes { a: 1, b: 1 } }' },
  UNC2018: { text: 'network { input: 572 x 572 }', at: '572 x 572' },
  UNC2019: { text: 'network { input: 572 x 572 x 1 }' },
  UNC2020: { text: 'network {}\naugment { flip { axes: [x, z] } }', at: 'z' },
  UNC4001: { text: 'network {}\naugment { rotate { range: -15..15 } }', at: '-15..15', fixed: true },
  UNC4002: { text: 'network {}\ndata { weight_map { sigma: 5deg } }', at: '5deg', fixed: true },
  UNC4003: { text: 'network {}\naugment { flip { p: 1.5 } }', at: '1.5' },
  UNC4004: { text: 'network { depth: 0 }', at: '0' },
  UNC4005: { text: 'network { classes: 99999999999 }', at: '99999999999' },
  UNC4006: { text: 'network {}\naugment { scale { range: 1.1..0.9 } }', at: '1.1..0.9', fixed: true },
  UNC4007: { text: 'network { skip: attention(inter: 2.5) }', at: '2.5' },
  UNC4008: { text: 'network {}\ndata { validation: 120% }', at: '120%' },
  UNC4009: { text: 'network {}\naugment { scale { range: 1px..2px } }', at: '1px..2px', fixed: true },
  UNC4010: { text: 'network {}\ntrain { optimizer: sgd(lr: 0) }', at: '0' },
  UNC4011: { text: 'network { block { dropout: 1 } }', at: '1' },
};

const frontEndCodes = Object.values(Messages)
  .map((m) => m.code)
  .filter((c) => /^UNC(1\d{3}|2\d{3}|4[0-4]\d{2})$/.test(c));

describe('front-end diagnostic codes', () => {
  it('every front-end code in the catalogue has a case', () => {
    expect(Object.keys(cases).sort()).toEqual([...frontEndCodes].sort());
  });

  for (const [code, c] of Object.entries(cases)) {
    it(`${code} is reported`, () => {
      const options = code === 'UNC2019' ? { inputSize: [100] } : {};
      const result = frontEnd(c.text, c.file ?? 'case.unet', options);
      expect(codes(result)).toContain(code);
      const d = result.diagnostics.find((x) => x.code === code)!;
      expect(d.message).not.toMatch(/\{\w+\}/);
      if (d.hint) expect(d.hint).not.toMatch(/\{\w+\}/);
      if (c.at !== undefined) expect(spanText(result, d)).toBe(c.at);
      if (c.fixed) {
        expect(d.fix).toBeDefined();
        const fixed = frontEnd(applyFix(c.text, d), c.file ?? 'case.unet');
        expect(codes(fixed)).not.toContain(code);
        expect(fixed.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
      }
    });
  }
});

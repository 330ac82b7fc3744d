import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/compiler/source.js';
import { parseUnetDocument } from '../../src/compiler/syntax/parse-document.js';

function parse(text: string) {
  const source = new SourceFile('t.unet', text);
  const result = parseUnetDocument(source);
  const at = (pointer: string, map: 'value' | 'key' = 'value'): string | undefined => {
    const span = (map === 'value' ? result.document?.valueSpans : result.document?.keySpans)?.get(pointer);
    return span ? text.slice(span.start, span.end) : undefined;
  };
  return { ...result, at, codes: result.diagnostics.map((d) => d.code) };
}

describe('.unet → document values', () => {
  it('reads scalars, quantities, shapes, ranges, strings and booleans', () => {
    const r = parse(
      'a: 572\nb: -1e-4\nc: 10px\nd: 572 x 572 x 1\ne: 572×572\nf: -15deg..15deg\ng: "x\\"y\\n"\nh: true\ni: relu\nj: 50%\nk: 2vx',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.value).toEqual({
      a: 572,
      b: -1e-4,
      c: '10px',
      d: [572, 572, 1],
      e: [572, 572],
      f: '-15deg..15deg',
      g: 'x"y\n',
      h: true,
      i: 'relu',
      j: '50%',
      k: '2vx',
    });
  });

  it('turns calls into {type, …} with positional arguments named from the table', () => {
    const r = parse(
      'down: maxpool(2)\nup: transpose(kernel: 2, stride: 2)\nn: range(0, 255)\nopt: sgd(0.01, momentum: 0.99)\nx: relu()',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.value).toEqual({
      down: { type: 'maxpool', kernel: 2 },
      up: { type: 'transpose', kernel: 2, stride: 2 },
      n: { type: 'range', min: 0, max: 255 },
      opt: { type: 'sgd', lr: 0.01, momentum: 0.99 },
      x: { type: 'relu' },
    });
  });

  it('turns blocks, inline objects, lists and labeled blocks into objects and arrays', () => {
    const r = parse(
      'network { block { convs: 2; kernel: 3 } level 3 { filters: 8 } level 0 { dropout: 0.1 } }\nc: { a: 1, b: [1, 2,] }\nl: [x, [1 2]]',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.value).toEqual({
      network: { block: { convs: 2, kernel: 3 }, level: { '3': { filters: 8 }, '0': { dropout: 0.1 } } },
      c: { a: 1, b: [1, 2] },
      l: ['x', [1, 2]],
    });
  });

  it('accepts quoted keys and keeps __proto__ as a plain key', () => {
    const r = parse('"my key": 1\n__proto__: 2');
    expect(Object.keys(r.document!.value as object)).toEqual(['my key', '__proto__']);
    expect(Object.getPrototypeOf(r.document!.value)).toBe(Object.prototype);
  });
});

describe('.unet → document spans', () => {
  it('records key and value spans for every pointer', () => {
    const r = parse('network {\n  input: 572 x 572 x 1\n  down: maxpool(2)\n  level 3 { filters: 8 }\n}');
    expect(r.at('/network/input')).toBe('572 x 572 x 1');
    expect(r.at('/network/input/2')).toBe('1');
    expect(r.at('/network/input', 'key')).toBe('input');
    expect(r.at('/network/down')).toBe('maxpool(2)');
    expect(r.at('/network/down/type')).toBe('maxpool');
    expect(r.at('/network/down/kernel')).toBe('2');
    expect(r.at('/network/level/3', 'key')).toBe('level 3');
    expect(r.at('/network/level/3/filters')).toBe('8');
    expect(r.at('/network')?.startsWith('{')).toBe(true);
    expect(r.at('/network')?.endsWith('}')).toBe(true);
  });
});

describe('comments', () => {
  it('keeps leading, trailing, after-brace and end-of-block comments', () => {
    const r = parse(
      '# top\nname: "x"  # trailing\nnetwork {  # brace\n  # lead\n  depth: 4\n  // end\n}\n# eof\n',
    );
    const doc = r.document!;
    expect(doc.comments.get('/name')).toEqual([' top']);
    expect(doc.trailingComments?.get('/name')).toBe(' trailing');
    expect(doc.openComments?.get('/network')).toBe(' brace');
    expect(doc.comments.get('/network/depth')).toEqual([' lead']);
    expect(doc.endComments?.get('/network')).toEqual([' end']);
    expect(doc.endComments?.get('')).toEqual([' eof']);
  });
});

describe('syntax errors', () => {
  it('recovers and reports several errors in one run, keeping the rest of the document', () => {
    const r = parse('network {\n  depth 4\n  filters: 64\n  classes: : 2\n}\ndata { border: mirror }');
    expect(r.codes.filter((c) => c === 'UNC1002').length).toBeGreaterThanOrEqual(2);
    expect((r.document?.value as { data?: unknown }).data).toEqual({ border: 'mirror' });
    expect((r.document?.value as { network: { filters?: number } }).network.filters).toBe(64);
  });

  it('quotes labels, not token names, in messages', () => {
    const r = parse('network { depth 4 }');
    expect(r.diagnostics[0]!.message).toMatch(
      /Expected ':' or '\{' after the key but found '\}'|Expected .* but found/,
    );
    expect(r.diagnostics[0]!.message).not.toMatch(/Colon|LCurly|NumberLiteral/);
  });

  it('reports a duplicate key at the second, with the first as related information', () => {
    const r = parse('network { depth: 4\n depth: 5 }');
    const d = r.diagnostics.find((x) => x.code === 'UNC2002')!;
    expect(d.span.start).toBe(r.document!.source.text.lastIndexOf('depth'));
    expect(d.related?.[0]?.span.start).toBe(r.document!.source.text.indexOf('depth'));
    expect((r.document?.value as { network: { depth: number } }).network.depth).toBe(4);
  });

  it('offers fixes for an unclosed call and a missing colon', () => {
    const apply = (text: string, code: string) => {
      const d = parse(text).diagnostics.find((x) => x.code === code)!;
      const edit = d.fix!.edits[0]!;
      return { d, fixed: text.slice(0, edit.span.start) + edit.text + text.slice(edit.span.end) };
    };
    const call = apply('network {\n  down: maxpool(2\n}', 'UNC1011');
    expect(call.fixed).toBe('network {\n  down: maxpool(2)\n}');
    expect(call.d.related?.[0]?.message).toBe("'(' opened here");
    expect(parse(call.fixed).diagnostics).toEqual([]);
    expect(apply('network { depth 4 }', 'UNC1002').fixed).toBe('network { depth: 4 }');
  });

  it("reads '=' as ':' after one diagnostic with a fix", () => {
    const r = parse('network { depth = 4 }');
    expect(r.codes).toEqual(['UNC1001']);
    expect(r.diagnostics[0]!.fix?.edits[0]?.text).toBe(':');
    expect((r.document?.value as { network: { depth: number } }).network.depth).toBe(4);
  });

  it('recognises YAML nesting in a .unet file and says how to write the block', () => {
    const r = parse('network {\n  block:\n    convs: 2\n}\n');
    expect(r.codes).toEqual(['UNC1002']);
    expect(r.diagnostics[0]!.hint).toContain('`block { … }`');
    expect(r.document!.source.text.slice(r.diagnostics[0]!.span.start, r.diagnostics[0]!.span.end)).toBe(':');
  });

  it('names the unclosed brace', () => {
    const r = parse('network {\n  block {\n    convs: 2\n');
    const d = r.diagnostics.find((x) => x.code === 'UNC1010')!;
    expect(d.span.start).toBe(r.document!.source.text.lastIndexOf('{'));
  });

  it('refuses binary data with one diagnostic and no document', () => {
    const text = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
    const r = parse(text);
    expect(r.document).toBeUndefined();
    expect(r.codes).toEqual(['UNC1006']);
  });

  it('reports an empty file', () => {
    expect(parse('').codes).toEqual(['UNC1005']);
    expect(parse('  \n# nothing\n').codes).toEqual(['UNC1005']);
  });

  it('caps a flood of errors', () => {
    const r = parse('x: :\n'.repeat(100));
    expect(r.diagnostics.length).toBeLessThanOrEqual(51);
    expect(r.codes).toContain('UNC1009');
  });
});

// Complexity guards: a quadratic step would run into the test timeout. Speed targets live in npm run bench.
describe('large inputs', () => {
  it('gives up quickly on 100 KB of printable garbage, with a capped list of errors', () => {
    const chars = 'ab{}[]():,;"#=x1. \n-%';
    let text = '';
    for (let i = 0; i < 100_000; i++) text += chars[(i * 7919 + ((i * i) % 13)) % chars.length];
    const r = parseUnetDocument(new SourceFile('garbage.unet', text));
    expect(r.diagnostics.filter((d) => d.code.startsWith('UNC1')).length).toBeLessThanOrEqual(51);
  });

  it('has no quadratic step: 6,000 commented entries (under the spec size limit) parse in seconds, not minutes', () => {
    let text = 'network {\n';
    for (let i = 0; i < 6_000; i++) text += `  # about k${i}\n  k${i}: ${i}  # trailing\n`;
    const r = parseUnetDocument(new SourceFile('big.unet', `${text}}\n`));
    expect(r.document?.comments.size).toBe(6_000);
    expect(r.document?.trailingComments?.size).toBe(6_000);
  });
});

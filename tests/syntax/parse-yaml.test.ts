import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/compiler/source.js';
import { parseYamlDocument } from '../../src/compiler/yaml/parse-yaml.js';

function parse(text: string) {
  const result = parseYamlDocument(new SourceFile('t.yaml', text));
  const at = (pointer: string, map: 'value' | 'key' = 'value'): string | undefined => {
    const span = (map === 'value' ? result.document?.valueSpans : result.document?.keySpans)?.get(pointer);
    return span ? text.slice(span.start, span.end) : undefined;
  };
  return { ...result, at, codes: result.diagnostics.map((d) => d.code) };
}

describe('YAML → document', () => {
  it('reads the same JSON shape as .unet, with spans from node ranges', () => {
    const r = parse(
      'network:\n  input: [572, 572, 1]\n  down: { type: maxpool, kernel: 2 }\n  lr: 1e-4\naugment:\n  rotate: { p: 50%, range: -15deg..15deg }\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.value).toEqual({
      network: { input: [572, 572, 1], down: { type: 'maxpool', kernel: 2 }, lr: 1e-4 },
      augment: { rotate: { p: '50%', range: '-15deg..15deg' } },
    });
    expect(r.at('/network/input/1')).toBe('572');
    expect(r.at('/network/down/type')).toBe('maxpool');
    expect(r.at('/network/down', 'key')).toBe('down');
    expect(r.at('/augment/rotate/range')).toBe('-15deg..15deg');
    expect(r.document?.format).toBe('yaml');
  });

  it('keeps comments', () => {
    const r = parse('# lead\nname: x # trail\nnetwork:\n  depth: 4\n# tail\n');
    expect(r.document?.comments.get('/name')).toEqual([' lead']);
    expect(r.document?.trailingComments?.get('/name')).toBe(' trail');
    expect(r.document?.endComments?.get('')).toEqual([' tail']);
  });

  it('expands aliases, blaming errors inside them on the alias', () => {
    const r = parse('network:\n  block: &b { convs: 2 }\n  encoder: { block: *b }\n');
    expect(r.document?.value).toEqual({ network: { block: { convs: 2 }, encoder: { block: { convs: 2 } } } });
    expect(r.at('/network/encoder/block/convs')).toBe('*b');
  });

  it('reports duplicate keys with the first as related information', () => {
    const r = parse('network:\n  depth: 4\n  depth: 5\n');
    expect(r.codes).toEqual(['UNC2002']);
    expect(r.diagnostics[0]!.related?.length).toBe(1);
  });

  it('reports syntax errors with spans inside the file and still returns a document', () => {
    const r = parse('network:\n  depth: 4\n bad: [\n');
    expect(r.codes).toContain('UNC1100');
    for (const d of r.diagnostics) expect(d.span.end).toBeLessThanOrEqual(r.document!.source.text.length);
    expect(r.document).toBeDefined();
  });

  it('reports infinities, unknown aliases, empty and binary files', () => {
    expect(parse('network: { depth: .inf }\n').codes).toEqual(['UNC1004']);
    expect(parse('network: *nope\n').codes).toContain('UNC1104');
    expect(parse('').codes).toEqual(['UNC1005']);
    expect(parse('\u0000\u0001').codes).toEqual(['UNC1006']);
  });
});

import { describe, expect, it } from 'vitest';
import { specSchema, specValidator } from '../../src/compiler/spec/schema.js';
import { applyFix, codes, frontEnd, spanText } from './helpers.js';

type SchemaNode = { [key: string]: unknown };

/** Every schema under a `properties` map, with its path, for the editor-friendliness check. */
function properties(
  node: unknown,
  path: string,
  out: { path: string; schema: SchemaNode }[] = [],
): { path: string; schema: SchemaNode }[] {
  if (Array.isArray(node)) node.forEach((n, i) => properties(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'properties' || key === 'patternProperties') && value && typeof value === 'object') {
        for (const [name, schema] of Object.entries(value))
          out.push({ path: `${path}/${name}`, schema: schema as SchemaNode });
      }
      properties(value, `${path}/${key}`, out);
    }
  }
  return out;
}

describe('schema/unetc.schema.json', () => {
  it('compiles in strict mode', () => {
    expect(typeof specValidator()).toBe('function');
  });

  it('gives every property a title and a description (editors show them)', () => {
    const missing = properties(specSchema(), '')
      .filter(
        ({ schema }) => typeof schema['title'] !== 'string' || typeof schema['description'] !== 'string',
      )
      .map(({ path }) => path);
    expect(missing).toEqual([]);
  });

  it('accepts the paper spec document', () => {
    const result = frontEnd('network {}');
    expect(specValidator()(result.document!.value)).toBe(true);
  });
});

describe('validation diagnostics', () => {
  it('suggests the closest key with a fix that replaces it, and lists the known keys', () => {
    const text = 'network {\n  block { kernal: 3 }\n}';
    const result = frontEnd(text);
    const d = result.diagnostics.find((x) => x.code === 'UNC2001')!;
    expect(spanText(result, d)).toBe('kernal');
    expect(d.message).toBe("Unknown key 'kernal' in 'block'");
    expect(d.hint).toBe("Did you mean 'kernel'?");
    expect(applyFix(text, d)).toBe('network {\n  block { kernel: 3 }\n}');
  });

  it('says where a valid key in the wrong block belongs', () => {
    const d = frontEnd('network { epochs: 40 }').diagnostics[0]!;
    expect(d.code).toBe('UNC2001');
    expect(d.hint).toMatch(/^'epochs' belongs in 'train'; known keys here: input, /);
  });

  it('lists the known keys when nothing is close', () => {
    const d = frontEnd('network { zzzzzzzz: 1 }').diagnostics[0]!;
    expect(d.code).toBe('UNC2001');
    expect(d.hint).toContain('depth');
    expect(d.fix).toBeUndefined();
  });

  it('keeps quotes when fixing a quoted YAML value, and adds units to bare numbers', () => {
    const text = 'network:\n  block: { padding: "vaild" }\ndata:\n  weight_map: { sigma: 5 }\n';
    const result = frontEnd(text, 'x.yaml');
    expect(codes(result).sort()).toEqual(['UNC2004', 'UNC4001']);
    let fixed = text;
    for (const d of [...result.diagnostics].sort((a, b) => b.span.start - a.span.start))
      fixed = applyFix(fixed, d);
    expect(fixed).toBe('network:\n  block: { padding: "valid" }\ndata:\n  weight_map: { sigma: 5px }\n');
    expect(frontEnd(fixed, 'x.yaml').diagnostics).toEqual([]);
  });

  it('names the types involved', () => {
    const d = frontEnd('network { down: 3 }').diagnostics[0]!;
    expect(d.code).toBe('UNC2003');
    expect(d.message).toBe(
      "'down' must be one of maxpool, avgpool, conv, block or a call like maxpool(2), not the number 3",
    );
  });

  it('reads a probability above 1 as a percentage in its fix', () => {
    const text = 'network {}\naugment { flip { p: 50 } }';
    const d = frontEnd(text).diagnostics[0]!;
    expect(d.code).toBe('UNC4003');
    expect(applyFix(text, d)).toBe('network {}\naugment { flip { p: 50% } }');
  });

  it('says which unit is wrong', () => {
    const d = frontEnd('network {}\naugment { rotate { range: -15px..15px } }').diagnostics[0]!;
    expect(d.code).toBe('UNC4002');
    expect(d.message).toBe("'range' is in degrees (deg), not 'px'");
    expect(d.fix?.edits[0]?.text).toBe('-15deg..15deg');
  });
});

import { describe, expect, it } from 'vitest';
import { formatUnet, formatYaml } from '../../src/compiler/format/format.js';
import { SourceFile } from '../../src/compiler/source.js';
import type { SpecDocument } from '../../src/compiler/spec/document.js';
import { normalizeSpec } from '../../src/compiler/spec/normalize-spec.js';
import { parseUnetDocument } from '../../src/compiler/syntax/parse-document.js';
import { parseYamlDocument } from '../../src/compiler/yaml/parse-yaml.js';
import { readSpec } from '../spec/helpers.js';

const unet = (text: string) => parseUnetDocument(new SourceFile('x.unet', text)).document!;
const yaml = (text: string) => parseYamlDocument(new SourceFile('x.yaml', text)).document!;

const samples = [
  readSpec('unet2015.unet'),
  'network { input: 64 x 128 x 128 x 1, depth: 5, max_filters: 320, block { padding: same, norm: instance(affine: false), activation: leaky_relu(0.01) }, down: conv(kernel: 3, stride: 2), level 0 { down: { stride: [1, 2, 2] } }, level 4 { filters: 256 } }',
  'network { skip: nested, supervision { heads: [X0_1, X0_2], weights: [0.5, 0.5], prune: L2 } }\n"odd key": "a b\\n"\ndata { images: ["a/*.png", "b/*.png"], normalize: mean_std(0.5, 0.2), predict { overlap: 32px } }',
  '// header comment\nnetwork {\n  depth: 3  # trailing\n  # before block\n  block {  # after brace\n    convs: 2\n    # end of block\n  }\n}\n# end of file\n',
];

describe('formatUnet', () => {
  it.each(samples.map((s, i) => [i, s] as const))(
    'sample %i: is idempotent and keeps the document value',
    (_, text) => {
      const doc = unet(text);
      const once = formatUnet(doc);
      const reparsed = parseUnetDocument(new SourceFile('y.unet', once));
      expect(reparsed.diagnostics).toEqual([]);
      expect(reparsed.document!.value).toEqual(doc.value);
      expect(formatUnet(reparsed.document!)).toBe(once);
    },
  );

  it('keeps every comment', () => {
    const text = samples[3]!;
    const out = formatUnet(unet(text));
    for (const comment of [
      'header comment',
      'trailing',
      'before block',
      'after brace',
      'end of block',
      'end of file',
    ]) {
      expect(out).toContain(comment);
    }
    expect(out).toBe(
      '# header comment\nnetwork {\n  depth: 3  # trailing\n  # before block\n  block {  # after brace\n    convs: 2\n    # end of block\n  }\n}\n# end of file\n',
    );
  });

  it('prints calls, shapes, quantities and labeled blocks canonically', () => {
    const out = formatUnet(
      unet(
        'network{input:572x572x1 down:maxpool(kernel:2) up:transpose(2,2) level 2{filters:8}}\naugment{rotate{range:-15deg..15deg}}',
      ),
    );
    expect(out).toBe(
      'network {\n  input: 572 x 572 x 1\n  down: maxpool(2)\n  up: transpose(kernel: 2, stride: 2)\n  level 2 { filters: 8 }\n}\n\naugment {\n  rotate { range: -15deg..15deg }\n}\n',
    );
  });
});

describe('.unet ⇄ YAML', () => {
  it('YAML printed from .unet reads back to the same document and ModelSpec, comments kept', () => {
    for (const text of samples) {
      const doc = unet(text);
      const printed = formatYaml(doc);
      const back = parseYamlDocument(new SourceFile('x.yaml', printed));
      expect(back.diagnostics).toEqual([]);
      expect(back.document!.value).toEqual(doc.value);
      expect(normalizeSpec(back.document!).spec).toEqual(normalizeSpec(doc).spec);
    }
    expect(formatYaml(unet(samples[3]!))).toContain('# trailing');
  });

  it('specs/unet2015.yaml is in canonical form, which Prettier leaves alone', async () => {
    const text = readSpec('unet2015.yaml');
    const printed = formatYaml(yaml(text));
    expect(printed).toBe(text);
    const { format } = await import('prettier');
    expect(await format(printed, { parser: 'yaml' })).toBe(printed);
  });

  it('.unet printed from the YAML twin is the canonical form of the .unet spec', () => {
    // Comments change the layout (a commented block does not fold onto one line): compare without them.
    const bare = (doc: SpecDocument): SpecDocument => ({
      ...doc,
      comments: new Map(),
      trailingComments: new Map(),
      endComments: new Map(),
      openComments: new Map(),
    });
    const fromYaml = formatUnet(bare(yaml(readSpec('unet2015.yaml'))));
    const fromUnet = formatUnet(bare(unet(readSpec('unet2015.unet'))));
    expect(fromYaml).toBe(fromUnet);
  });
});

import { describe, expect, it } from 'vitest';
import type { LevelSpec } from '../../src/compiler/spec/model-spec.js';
import { positionalParameters } from '../../src/compiler/spec/positional.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import {
  activations,
  callSignature,
  downSampling,
  kindsOf,
  norms,
  positionalSignature,
  publicKindsOf,
  skips,
  upSampling,
  type Vocabulary,
} from '../../src/compiler/vocabulary/index.js';
import { at, expectCallSchema, language, specSchema, type Json } from './schema-match.js';

/** The network vocabularies, held to the spec schema, docs/language.md and the normaliser. */
const definitions = at(specSchema, 'definitions');

function level0(block: string, network = ''): LevelSpec {
  const source = `network { input: 16 x 16 x 1\n classes: 2\n depth: 1\n filters: 8\n block { padding: same${block} }\n${network} }\n`;
  const result = compileSource(source, 'vocabulary.unet');
  const level = result.spec?.network.levels[0];
  expect(level, source).toBeTruthy();
  return level!;
}

/** The normalised value of a descriptor's parameter, by its spec key. */
const field = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The schema's wording of the choices (`x-expect`) names the kinds in the descriptor's order. */
function expectChoices(entry: Json, kinds: readonly string[]): void {
  expect(entry['x-expect']).toMatch(new RegExp(`^one of ${kinds.join(', ')} or a call like `));
}

function expectPositional<K extends string>(vocabulary: Vocabulary<K>): void {
  for (const kind of kindsOf(vocabulary))
    expect(positionalParameters[kind] ?? [], kind).toEqual(vocabulary.kinds[kind].positional);
}

/** The block table's row: `| \`key\` | \`default\` | \`kind\`, \`kind(positional)\`, …`. */
function blockRow<K extends string>(vocabulary: Vocabulary<K>): string {
  const values = publicKindsOf(vocabulary).map((kind) => `\`${positionalSignature(vocabulary, kind)}\``);
  return `| \`${vocabulary.key}\` | \`${vocabulary.defaultKind}\` | ${values.join(', ')}`;
}

describe('the activation vocabulary', () => {
  it('matches the block schema, the positional table and the docs', () => {
    expectCallSchema(
      at(definitions, 'block', 'properties', 'activation'),
      activations,
      publicKindsOf(activations),
    );
    expectChoices(at(definitions, 'block', 'properties', 'activation'), publicKindsOf(activations));
    expectPositional(activations);
    expect(language).toContain(blockRow(activations));
  });

  it('gives every kind its defaults and its parameters only', () => {
    for (const kind of publicKindsOf(activations)) {
      const activation = level0(`, activation: ${kind}`).encoder.activation as unknown as Json;
      expect(activation['kind']).toBe(kind);
      const defaults = activations.kinds[kind].defaults;
      if ('alpha' in defaults) expect(activation['alpha'], kind).toBe(defaults['alpha']);
      else expect(activation['alpha'], kind).toBeUndefined();
      // `shared` is recorded only when true.
      expect(activation['shared'] ?? false, kind).toBe(defaults['shared'] ?? false);
    }
    expect(level0(', activation: prelu(shared: true)').encoder.activation.shared).toBe(true);
  });
});

describe('the norm vocabulary', () => {
  it('matches the norm schema, the positional table and the docs', () => {
    expectCallSchema(at(definitions, 'norm'), norms, kindsOf(norms));
    expectChoices(at(definitions, 'norm'), kindsOf(norms));
    expectPositional(norms);
    expect(language).toContain(blockRow(norms));
  });

  it('gives every kind its defaults, and records the others', () => {
    for (const kind of kindsOf(norms)) {
      const norm = level0(`, norm: ${kind}`).encoder.norm as unknown as Json;
      expect(norm['kind']).toBe(kind);
      const expected = { ...norms.recorded, ...norms.kinds[kind].defaults };
      for (const [key, value] of Object.entries(expected))
        expect(norm[field(key)], callSignature(norms, kind)).toBe(value);
    }
  });

  it("reports a parameter the kind does not take, listing the kind's own in order", () => {
    const source = `network { input: 16 x 16 x 1\n classes: 2\n depth: 1\n filters: 8\n block { padding: same, norm: instance(momentum: 0.9) } }\n`;
    const diagnostics = JSON.stringify(compileSource(source, 'n.unet').diagnostics);
    expect(diagnostics).toContain('affine or epsilon');
  });
});

describe('the skip vocabulary', () => {
  it("matches the skip schema, the positional table and the docs' skip table", () => {
    expectCallSchema(at(definitions, 'skip'), skips, kindsOf(skips));
    expectChoices(at(definitions, 'skip'), kindsOf(skips));
    expectPositional(skips);
    for (const kind of kindsOf(skips)) expect(language).toContain(`| \`${callSignature(skips, kind)}\` |`);
  });

  it('gives every kind its defaults', () => {
    for (const kind of kindsOf(skips)) {
      const skip = level0('', `skip: ${kind}`).skip as unknown as Json;
      expect(skip['kind']).toBe(kind);
      const defaults = skips.kinds[kind].defaults;
      expect(skip['order'], kind).toBe(defaults['order']);
      // `pad` is recorded only when written.
      expect(skip['pad'], kind).toBeUndefined();
      expect(skip['scaleFilters'], kind).toBe(defaults['filters']);
      if (kind === 'attention')
        expect(skip['attention']).toMatchObject({
          mode: defaults['mode'],
          inter: { fraction: defaults['inter'] },
          norm: defaults['norm'],
        });
      else expect(skip['attention'], kind).toBeUndefined();
    }
    expect(level0('', 'skip: concat(pad: replicate)').skip?.pad).toBe('replicate');
  });

  it('wires whole-network kinds once for the network: mixing one with a per-level kind is reported', () => {
    for (const kind of kindsOf(skips)) {
      const source = `network { input: 32 x 32 x 1\n classes: 2\n depth: 2\n filters: 4\n block { padding: same }\n skip: ${kind}\n level 1 { skip: ${kind === 'concat' ? 'add' : 'concat'} } }\n`;
      const codes = compileSource(source, 'mixed.unet').diagnostics.map((d) => d.code);
      // UNC3107: the whole decoder is rewired, so every level must use the kind.
      expect(codes.includes('UNC3107'), kind).toBe(skips.kinds[kind].wholeNetwork === true);
    }
  });
});

describe('the down-sampling vocabulary', () => {
  it("matches the down schema, the positional table and the docs' down table", () => {
    expectCallSchema(at(definitions, 'down'), downSampling, kindsOf(downSampling));
    expectChoices(at(definitions, 'down'), kindsOf(downSampling));
    expectPositional(downSampling);
    for (const kind of kindsOf(downSampling)) {
      const forms = [positionalSignature(downSampling, kind), callSignature(downSampling, kind)];
      expect(
        forms.some((form) => language.includes(`| \`${form}\` |`)),
        forms.join(' or '),
      ).toBe(true);
    }
  });

  it('gives every kind its defaults; a pool strides by its window', () => {
    for (const kind of kindsOf(downSampling)) {
      const down = level0('', `down: ${kind}`).down!;
      expect(down.kind).toBe(kind);
      const own = downSampling.kinds[kind].defaults;
      const expected = { ...downSampling.recorded, ...own };
      expect(down.kernel, kind).toEqual([expected['kernel'], expected['kernel']]);
      expect(down.stride, kind).toEqual([own['stride'], own['stride']]);
      expect(down.padding, kind).toBe(expected['padding']);
      expect(down.normAct, kind).toBe(expected['norm_act']);
    }
    expect(level0('', 'down: maxpool(3)').down!.stride).toEqual([3, 3]);
    expect(level0('', 'down: conv(3)').down!.stride).toEqual([2, 2]);
  });
});

describe('the up-sampling vocabulary', () => {
  it("matches the up schema, the positional table and the docs' up table", () => {
    expectCallSchema(at(definitions, 'up'), upSampling, kindsOf(upSampling));
    expectChoices(at(definitions, 'up'), kindsOf(upSampling));
    // Its calls of other vocabularies: the activation (or none) and a norm (or true / false).
    const properties = at(definitions, 'up', 'else', 'properties');
    expect(at(properties, 'activation', 'then', 'enum')).toEqual(['none', ...publicKindsOf(activations)]);
    expect(at(properties, 'norm', 'else', '$ref')).toBe('#/definitions/norm');
    expectPositional(upSampling);
    for (const kind of kindsOf(upSampling)) {
      const forms = [positionalSignature(upSampling, kind), callSignature(upSampling, kind)];
      expect(
        forms.some((form) => language.includes(`\`${form}\``)),
        forms.join(' or '),
      ).toBe(true);
    }
  });

  it('gives every kind its defaults', () => {
    for (const kind of kindsOf(upSampling)) {
      const up = level0('', `up: ${kind}`).up!;
      expect(up.kind).toBe(kind);
      const expected = { ...upSampling.recorded, ...upSampling.kinds[kind].defaults };
      const axes = (key: string) => [expected[key], expected[key]];
      expect(up.kernel, kind).toEqual(axes('kernel'));
      expect(up.stride, kind).toEqual(axes('stride'));
      expect(up.outputPadding, kind).toEqual(axes('output_padding'));
      expect(up.padding, kind).toBe(expected['padding']);
      expect(up.filters, kind).toBe(expected['filters']);
      expect(up.activation, kind).toBeNull();
      expect(up.norm, kind).toBeNull();
      expect(up.bias, kind).toBe(expected['bias']);
      expect(up.conv, kind).toBe(expected['conv']);
    }
  });
});

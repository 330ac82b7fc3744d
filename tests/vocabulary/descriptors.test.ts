import { describe, expect, it } from 'vitest';
import { positionalParameters } from '../../src/compiler/spec/positional.js';
import {
  callSignature,
  docsTableRow,
  kindsOf,
  selectByChoices,
  trainingVocabularies,
  trainSettingDefaults,
} from '../../src/compiler/vocabulary/index.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { at, expectCallSchema, language, planSchema, specSchema, type Json } from './schema-match.js';

/**
 * The descriptors in src/compiler/vocabulary are the source of truth; the published JSON Schemas and
 * docs/language.md are written by hand for readability, so these tests hold them to the descriptors.
 */
const trainSchema = at(specSchema, 'properties', 'train', 'properties');

describe.each(trainingVocabularies.map((v) => [v.key, v] as const))(
  'the %s vocabulary',
  (key, vocabulary) => {
    const kinds = kindsOf(vocabulary);
    const entry = at(trainSchema, key);

    it('matches the spec schema: kinds, parameters, types and ranges', () => {
      expectCallSchema(entry, vocabulary, kinds);
    });

    it('matches the plan schema and the positional-argument table', () => {
      expect(
        at(
          planSchema,
          'definitions',
          'training',
          'properties',
          key,
          'anyOf',
          '1',
          'properties',
          'kind',
          'enum',
        ),
      ).toEqual(kinds);
      for (const kind of kinds) {
        const positional = vocabulary.kinds[kind].positional;
        expect(positionalParameters[kind] ?? [], kind).toEqual(positional);
      }
    });

    it("is documented in docs/language.md's train table with every kind and default", () => {
      expect(language).toContain(docsTableRow(vocabulary));
    });

    it('gives every kind its documented defaults when the spec names only the kind', () => {
      for (const kind of kinds) {
        const source = `network { input: 16 x 16 x 1\n classes: 2\n depth: 1\n filters: 4\n block { padding: same }\n head: softmax }\ntrain { ${key}: ${kind} }\n`;
        const spec = compileSource(source, 'defaults.unet').spec;
        expect(spec?.train, `${key}: ${kind}`).toBeTruthy();
        const normalised = (spec!.train as unknown as Record<string, Json>)[key]!;
        expect(normalised['kind']).toBe(kind);
        for (const [param, value] of Object.entries(vocabulary.kinds[kind].defaults)) {
          const field = param.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
          expect(normalised[field], `${callSignature(vocabulary, kind)}: ${param}`).toBe(value);
        }
      }
    });
  },
);

describe('train settings', () => {
  it("match the schema's stated defaults, the docs' table and select_by's choices", () => {
    const described = (path: string[]) => at(trainSchema, ...path)['description'] as string;
    expect(described(['epochs'])).toContain(`(default ${trainSettingDefaults.epochs})`);
    expect(described(['steps_per_epoch'])).toContain(`(default ${trainSettingDefaults.steps_per_epoch})`);
    expect(described(['batch'])).toContain(`(paper: ${trainSettingDefaults.batch})`);
    expect(described(['seed'])).toContain(`(default ${trainSettingDefaults.seed})`);
    expect(described(['checkpoint', 'properties', 'every'])).toContain(
      `(default ${trainSettingDefaults['checkpoint.every']})`,
    );
    expect(described(['checkpoint', 'properties', 'keep'])).toContain(
      `(default ${trainSettingDefaults['checkpoint.keep']})`,
    );
    expect(at(trainSchema, 'select_by')['enum']).toEqual([...selectByChoices]);
    for (const key of ['epochs', 'steps_per_epoch', 'batch', 'seed'] as const)
      expect(language).toMatch(new RegExp(`^\\| \`${key}\` \\| \`${trainSettingDefaults[key]}\` \\|`, 'm'));
  });
});

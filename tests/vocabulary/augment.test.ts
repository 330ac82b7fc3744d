import { describe, expect, it } from 'vitest';
import { compileSource } from '../../src/compiler/pipeline.js';
import {
  augmentations,
  elasticSettings,
  type AugmentationKind,
} from '../../src/compiler/vocabulary/index.js';
import { at, language, specSchema, type Json } from './schema-match.js';

/** The augmentation descriptors, held to the spec schema, docs/language.md and the normaliser. */
const kinds = Object.keys(augmentations) as AugmentationKind[];
const schema = at(specSchema, 'properties', 'augment', 'properties');

const description = (kind: AugmentationKind) => at(schema, kind)['description'] as unknown as string;

const written = (kind: AugmentationKind): string => {
  const range = augmentations[kind].range;
  if (!range) return '';
  const unit = range.unit ?? '';
  return `${range.key}: ${range.defaults.min}${unit}..${range.defaults.max}${unit}`;
};

describe('the augmentation descriptors', () => {
  it('match the schema: the blocks, in order, each with p and its range', () => {
    expect(Object.keys(schema)).toEqual(kinds);
    for (const kind of kinds) {
      const properties = at(schema, kind, 'properties');
      expect(properties['p'], kind).toBeTruthy();
      const range = augmentations[kind].range;
      if (range) {
        expect(properties[range.key], kind).toBeTruthy();
        expect(at(properties, range.key)['x-unit'], kind).toBe(range.unit ? `${range.unit}-range` : 'range');
        const unit = range.unit ?? '';
        expect(description(kind)).toContain(`${range.defaults.min}${unit}..${range.defaults.max}${unit}`);
      }
      // Where the description states the probability, it is the descriptor's.
      const stated = /\bp (\d+)%/.exec(description(kind));
      if (stated) expect(Number(stated[1]) / 100, kind).toBe(augmentations[kind].p);
    }
  });

  it("are documented in docs/language.md's augment table with every default", () => {
    for (const kind of kinds) {
      const row = language.split('\n').find((line) => line.startsWith(`| \`${kind}\` |`));
      expect(row, kind).toBeTruthy();
      expect(row, kind).toContain(`| ${augmentations[kind].p * 100}% |`);
      expect(row, kind).toContain(written(kind));
    }
  });

  it("hold elastic's own settings to the schema and the docs", () => {
    const properties = at(schema, 'elastic', 'properties');
    expect(at(properties, 'interpolation')['enum']).toEqual(elasticSettings.interpolations);
    expect(at(properties, 'sigma')['x-unit']).toBe('px');
    expect(at(properties, 'grid')['description']).toContain(`paper: ${elasticSettings.grid}`);
    expect(at(properties, 'sigma')['description']).toContain(`paper: ${elasticSettings.sigma}px`);
    const row = language.split('\n').find((line) => line.startsWith('| `elastic` |'));
    expect(row).toContain(`grid: ${elasticSettings.grid}`);
    expect(row).toContain(`sigma: ${elasticSettings.sigma}px`);
    expect(row).toContain(`interpolation: ${elasticSettings.interpolations[0]}`);
  });

  it('give every block written empty its defaults', () => {
    const blocks = kinds.map((kind) => `${kind} { }`).join('\n');
    const source = `network { input: 16 x 16 x 1\n classes: 2\n depth: 1\n filters: 4\n block { padding: same } }\naugment {\n${blocks}\n}\n`;
    const augment = compileSource(source, 'augment.unet').spec?.augment as unknown as Json;
    expect(augment).toBeTruthy();
    for (const kind of kinds) {
      const normalised = augment[kind] as Json;
      expect(normalised, kind).toBeTruthy();
      expect(normalised['p'], kind).toBe(augmentations[kind].p);
      const range = augmentations[kind].range;
      if (range) expect(normalised[range.key], kind).toEqual(range.defaults);
    }
    expect(augment['elastic']).toMatchObject({
      grid: [elasticSettings.grid, elasticSettings.grid],
      sigma: elasticSettings.sigma,
      interpolation: elasticSettings.interpolations[0],
    });
    expect((augment['flip'] as Json)['axes']).toEqual([0, 1]);
  });
});

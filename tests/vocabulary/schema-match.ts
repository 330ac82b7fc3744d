import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ParameterDescriptor, Vocabulary } from '../../src/compiler/vocabulary/index.js';
import { repoRoot } from '../cli/run-cli.js';

/** Reading the published schemas and docs the descriptors are held to. */
export type Json = Record<string, unknown>;
const read = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as Json;
export const at = (value: unknown, ...keys: string[]): Json =>
  keys.reduce<unknown>((v, k) => (v as Json)[k], value) as Json;
export const specSchema = read('schema/unetc.schema.json');
export const planSchema = read('schema/plan.schema.json');
export const language = readFileSync(join(repoRoot, 'docs/language.md'), 'utf8');

const rules = ['title', 'type', 'enum', 'minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'];

/**
 * A call-like schema entry (`if string then enum else object`) lists exactly `kinds` and declares
 * exactly the vocabulary's parameters, each with the descriptor's title, type, words and range.
 */
export function expectCallSchema<K extends string>(
  entry: Json,
  vocabulary: Vocabulary<K>,
  kinds: readonly K[],
): void {
  const name = vocabulary.key;
  expect(at(entry, 'then', 'enum'), name).toEqual(kinds);
  const properties = at(entry, 'else', 'properties');
  expect(at(properties, 'type', 'enum'), name).toEqual(kinds);
  const described = Object.keys(vocabulary.parameters).sort();
  expect(
    Object.keys(properties)
      .filter((k) => k !== 'type')
      .sort(),
    name,
  ).toEqual(described);
  for (const [key, parameter] of Object.entries(vocabulary.parameters) as [string, ParameterDescriptor][]) {
    const written = at(properties, key);
    const { key: _key, doc: _doc, perAxis, words, vocabulary: called, ...own } = parameter;
    if (own.type === 'call') {
      // A value of another vocabulary: held to that vocabulary where it is described.
      expect(written['title'], `${name}.${key}`).toBe(own.title);
      expect(called, `${name}.${key}`).toBeTruthy();
      continue;
    }
    // A per-axis parameter is one value or a list of them, a number with words is a word or a
    // number: the rules are the single number's.
    if (words) expect(at(written, 'then', 'enum'), `${name}.${key}`).toEqual(words);
    const schema = perAxis || words ? { title: written['title'], ...at(written, 'else') } : written;
    const ruleset = (from: Json) =>
      Object.fromEntries(rules.filter((r) => from[r] !== undefined).map((r) => [r, from[r]]));
    expect({ ...own }, `${name}.${key}`).toEqual(ruleset(schema));
    if (perAxis) expect({ ...ruleset(at(written, 'then', 'items')), title: own.title }).toEqual({ ...own });
  }
  // Every kind's parameters are declared parameters of the vocabulary, with a default of their type.
  for (const kind of Object.keys(vocabulary.kinds) as K[]) {
    for (const [p, value] of Object.entries(vocabulary.kinds[kind].defaults)) {
      expect(described, `${name}: ${kind}`).toContain(p);
      const parameter = vocabulary.parameters[p]!;
      if (parameter.type === 'call') continue;
      if (typeof value === 'string' && parameter.words) {
        expect(parameter.words, `${name}: ${kind}(${p})`).toContain(value);
        continue;
      }
      const type = parameter.type === 'integer' ? 'number' : parameter.type;
      expect(typeof value, `${name}: ${kind}(${p})`).toBe(type);
      if (parameter.enum) expect(parameter.enum, `${name}: ${kind}(${p})`).toContain(value);
    }
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/compiler/pipeline.js';
import { schemaHash, specAjv, specSchema } from '../../src/compiler/spec/schema.js';

/**
 * The CLI validates with ajv standalone code generated at build time (scripts/build-schema-validator.mjs);
 * tests run from src/ and compile at run time. This proves the two agree, annotation keywords included
 * (`verbose` errors carry `x-unit`/`x-expect`/`x-format` through `parentSchema`).
 */
function standaloneValidator(): ValidateFunction {
  const ajv = specAjv({ source: true, esm: false });
  const code = standaloneCode.default(ajv, ajv.compile(specSchema()));
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(import.meta.url));
  return module.exports as ValidateFunction;
}

const specsDir = new URL('../../specs/', import.meta.url);
const library = readdirSync(specsDir)
  .filter((f) => /\.(unet|ya?ml)$/.test(f))
  .map((f) => parseSource(readFileSync(new URL(f, specsDir), 'utf8'), f).document?.value);
const broken: unknown[] = [
  { name: 'x', levels: '4', input: { size: 572 } },
  { name: 3, unknown: true, network: { levels: [{ conv: { kernel: 3 } }] } },
  { levels: 4, block: { kernel: 'three', padding: 'same-ish' }, down: { type: 'maxpool', kernel: 2 } },
  { network: { input: 'big', filters: 'many', supervision: { heads: ['nope'], weights: 'half' } } },
  [],
  'not an object',
];

describe('schema validator: standalone code (CLI) vs run-time compile (tests)', () => {
  const standalone = standaloneValidator();
  const compiled = specAjv().compile(specSchema());

  it.each([...library, ...broken].map((doc, i) => [i, doc]))(
    'document %i: same verdict and errors',
    (_, doc) => {
      const ok = compiled(doc);
      expect(standalone(doc)).toBe(ok);
      expect(standalone.errors ?? null).toEqual(compiled.errors ?? null);
    },
  );

  it('sees some errors in the broken documents, with annotations in parentSchema', () => {
    standalone(broken[3]);
    expect(standalone.errors?.length).toBeGreaterThan(0);
    const annotated = (standalone.errors ?? []).some((e) =>
      Object.keys((e.parentSchema ?? {}) as object).some((k) => k.startsWith('x-')),
    );
    expect(annotated).toBe(true);
  });

  it('hashes the schema text, so a stale build-time validator is ignored', () => {
    expect(schemaHash('a')).not.toBe(schemaHash('b'));
    expect(schemaHash()).toMatch(/^[0-9a-f]{64}$/);
  });
});

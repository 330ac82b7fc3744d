import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, AnySchemaObject, Options, ValidateFunction } from 'ajv';

/** Where the published schema lives: three levels up from both src/compiler/spec and dist/compiler/spec. */
const schemaUrl = new URL('../../../schema/unetc.schema.json', import.meta.url);

/**
 * The validator generated at build time by scripts/build-schema-validator.mjs (ajv standalone code),
 * next to this file in dist/. Why build time rather than a committed src/ file: `ajv.compile` of our
 * schema costs ~200 ms of a cold `unetc check`; generating into dist/ on every build can
 * never go stale or be forgotten, and needs no copy step (tsc does not copy .js files from src/).
 * It is CommonJS so that `specValidator()` can stay synchronous and load it only on first use.
 * Under vitest/tsx (running from src/) it is absent and we compile at run time, as before.
 */
const generatedPath = './schema-validator.generated.cjs';

/** ajv itself (~60 CommonJS files) is required only when compiling, never with the generated validator. */
const require = createRequire(import.meta.url);

/**
 * Annotation keywords of our schema: `x-unit` says which unit a quantity needs (so a bare number can
 * get a "write 5px" fix), `x-expect` phrases the expected value for messages, `x-format` names a
 * special string form (`node`: X<level>_<column>). Editors ignore them. Being annotations (no code),
 * they need nothing from standalone code: only `verbose` errors carry them, via `parentSchema`.
 */
export const annotationKeywords = ['x-unit', 'x-expect', 'x-format'] as const;

/** The ajv options of both the run-time compile and the build-time standalone code. */
export const ajvOptions: Options = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictTypes: false,
  allowUnionTypes: true,
};

/** The shape of the generated module: the validator and the hash of the schema text it came from. */
interface GeneratedValidator {
  readonly validate: ValidateFunction;
  readonly schemaHash: string;
}

let compiled: ValidateFunction | undefined;
let loaded: AnySchemaObject | undefined;
let loadedText: string | undefined;

function schemaText(): string {
  loadedText ??= readFileSync(schemaUrl, 'utf8');
  return loadedText;
}

/** sha256 of the schema text: lets a build-time validator prove it matches the schema read now. */
export function schemaHash(text: string = schemaText()): string {
  return createHash('sha256').update(text).digest('hex');
}

export function specSchema(): AnySchemaObject {
  loaded ??= JSON.parse(schemaText()) as AnySchemaObject;
  return loaded;
}

/** A fresh ajv instance set up for our schema (also used by the build script for standalone code). */
export function specAjv(code?: Options['code']): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ ...ajvOptions, ...(code ? { code } : {}) });
  ajv.addVocabulary([...annotationKeywords]);
  return ajv;
}

/** The build-time validator, if present and built from the schema as it is now; else undefined. */
function generatedValidator(): ValidateFunction | undefined {
  let generated: GeneratedValidator;
  try {
    generated = require(generatedPath) as GeneratedValidator;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  // A schema edited after the last build would otherwise be validated by the old rules.
  return generated.schemaHash === schemaHash() ? generated.validate : undefined;
}

/** Loaded (or compiled) once per process, on first use; validating costs microseconds. */
export function specValidator(): ValidateFunction {
  compiled ??= generatedValidator() ?? specAjv().compile(specSchema());
  return compiled;
}

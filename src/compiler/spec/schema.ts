import { readFileSync } from 'node:fs';
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';

/** Where the published schema lives: three levels up from both src/compiler/spec and dist/compiler/spec. */
const schemaUrl = new URL('../../../schema/unetc.schema.json', import.meta.url);

/**
 * Annotation keywords of our schema: `x-unit` says which unit a quantity needs (so a bare number can
 * get a "write 5px" fix), `x-expect` phrases the expected value for messages, `x-format` names a
 * special string form (`node`: X<level>_<column>). Editors ignore them.
 */
export const annotationKeywords = ['x-unit', 'x-expect', 'x-format'] as const;

let compiled: ValidateFunction | undefined;
let loaded: AnySchemaObject | undefined;

export function specSchema(): AnySchemaObject {
  loaded ??= JSON.parse(readFileSync(schemaUrl, 'utf8')) as AnySchemaObject;
  return loaded;
}

/** Compiled once per process, on first use: compiling costs tens of milliseconds, validating microseconds. */
export function specValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({
      allErrors: true,
      verbose: true,
      strict: true,
      strictTypes: false,
      allowUnionTypes: true,
    });
    ajv.addVocabulary([...annotationKeywords]);
    compiled = ajv.compile(specSchema());
  }
  return compiled;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * plan.json's published JSON Schema lives at the package root (schema/plan.schema.json, shipped in
 * the npm package). From src/compiler/emit and dist/compiler/emit alike it is three levels up.
 */
export const PLAN_SCHEMA_URL = new URL('../../../schema/plan.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(fileURLToPath(PLAN_SCHEMA_URL), 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`;
}

/** Validates a plan against the schema; returns the problems ("/graph/nodes/3/shape must …"), empty if valid. */
export function planSchemaErrors(plan: unknown): string[] {
  const validate = compiled();
  return validate(plan) ? [] : (validate.errors ?? []).map(describe);
}

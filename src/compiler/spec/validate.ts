import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { Span } from '../source.js';
import { describeType, describeValue, keyOfPointer, placeOfPointer } from './describe.js';
import { childPointer, spanOfPointer, type JsonValue, type SpecDocument } from './document.js';
import { unitProblem, type UnitKind } from './normalize/units.js';
import { specValidator } from './schema.js';
import { listWords, suggest } from './suggest.js';

export interface ValidationResult {
  readonly diagnostics: Diagnostic[];
  /** Pointers that have a validation error, so normalisation does not report them again. */
  readonly failed: Set<string>;
}

type Annotated = {
  'x-unit'?: UnitKind;
  'x-expect'?: string;
  'x-format'?: string;
  properties?: Record<string, unknown>;
  type?: string | string[];
};

function annotations(error: ErrorObject): Annotated {
  return (error.parentSchema ?? {}) as Annotated;
}

/** A fix replacing the text under `span`, keeping the quotes if the original was a quoted string. */
function replaceFix(doc: SpecDocument, span: Span, text: string, description: string): Diagnostic['fix'] {
  const original = doc.source.text.slice(span.start, span.end);
  const quote = original.startsWith('"') ? '"' : original.startsWith("'") ? "'" : '';
  return { description, edits: [{ span, text: `${quote}${text}${quote}` }] };
}

/** Turns one ajv error into a diagnostic at the right span, with hint and fix where possible. */
function toDiagnostic(doc: SpecDocument, error: ErrorObject): { pointer: string; diagnostic?: Diagnostic } {
  const pointer = error.instancePath;
  const key = keyOfPointer(pointer);
  const schema = annotations(error);
  const valueSpan = spanOfPointer(doc, pointer);
  const data = error.data as JsonValue;
  const unit = schema['x-unit'];
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      const at = childPointer(pointer, name);
      const known = Object.keys(schema.properties ?? {});
      const guess = suggest(name, known);
      const span = spanOfPointer(doc, at, 'key');
      const isLabel = pointer.endsWith('/level');
      return {
        pointer: at,
        diagnostic: makeDiagnostic(
          'UnknownKey',
          span,
          {
            key: name,
            where: placeOfPointer(pointer),
            known: isLabel ? 'level numbers 0..depth' : listWords(known),
          },
          guess
            ? {
                hint: `Did you mean '${guess}'?`,
                fix: { description: `Replace '${name}' with '${guess}'`, edits: [{ span, text: guess }] },
              }
            : {},
        ),
      };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const where = pointer === '' ? 'The spec' : `'${key}'`;
      return {
        pointer,
        diagnostic: makeDiagnostic('MissingKey', spanOfPointer(doc, pointer, 'key'), { where, key: missing }),
      };
    }
    case 'type': {
      if ((unit === 'px' || unit?.endsWith('range')) && unit !== 'range') {
        const problem = unitProblem(unit, data);
        if (problem) return { pointer, diagnostic: unitDiagnostic(doc, key, valueSpan, problem) };
      }
      const expected = schema['x-expect'] ?? describeType(String((error.params as { type: string }).type));
      return {
        pointer,
        diagnostic: makeDiagnostic('WrongType', valueSpan, { key, expected, actual: describeValue(data) }),
      };
    }
    case 'enum': {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const value = typeof data === 'string' ? data : describeValue(data);
      const guess = typeof data === 'string' ? suggest(data, allowed) : undefined;
      return {
        pointer,
        diagnostic: makeDiagnostic(
          'UnknownValue',
          valueSpan,
          {
            value,
            key: key === 'type' ? keyOfPointer(pointer.slice(0, pointer.lastIndexOf('/'))) : key,
            allowed: listWords(allowed),
          },
          guess
            ? {
                hint: `Did you mean '${guess}'?`,
                fix: replaceFix(doc, valueSpan, guess, `Replace '${value}' with '${guess}'`),
              }
            : {},
        ),
      };
    }
    case 'pattern': {
      if (schema['x-format'] === 'node')
        return { pointer, diagnostic: makeDiagnostic('BadNodeName', valueSpan, { text: String(data) }) };
      if (unit) {
        const problem = unitProblem(unit, data);
        if (problem) return { pointer, diagnostic: unitDiagnostic(doc, key, valueSpan, problem) };
      }
      const expected = schema['x-expect'] ?? 'a different form';
      return {
        pointer,
        diagnostic: makeDiagnostic('BadFormat', valueSpan, { value: String(data), key, expected }),
      };
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const limit = (error.params as { limit: number }).limit;
      if (unit === 'probability') {
        // `p: 50` almost certainly means 50%.
        const value = data;
        const percent = typeof value === 'number' && value > 1 && value <= 100 ? `${value}%` : undefined;
        return {
          pointer,
          diagnostic: makeDiagnostic(
            'ProbabilityRange',
            valueSpan,
            { key, value: String(value) },
            percent ? { fix: replaceFix(doc, valueSpan, percent, `Write ${percent}`) } : {},
          ),
        };
      }
      const exclusive = error.keyword.startsWith('exclusive');
      const small = error.keyword.endsWith('inimum');
      const bound = exclusive ? `${small ? 'above' : 'below'} ${limit}` : String(limit);
      return {
        pointer,
        diagnostic: exclusive
          ? makeDiagnostic(
              small ? 'TooSmall' : 'TooLarge',
              valueSpan,
              { key, value: String(data), limit: bound },
              { hint: `It must be ${bound}.` },
            )
          : makeDiagnostic(small ? 'TooSmall' : 'TooLarge', valueSpan, {
              key,
              value: String(data),
              limit: bound,
            }),
      };
    }
    case 'minItems':
    case 'maxItems': {
      const count = Array.isArray(data) ? (data as unknown[]).length : 0;
      if (key === 'input') return { pointer, diagnostic: makeDiagnostic('InputDims', valueSpan, { count }) };
      const limit = (error.params as { limit: number }).limit;
      const expected = error.keyword === 'minItems' ? `at least ${limit}` : `at most ${limit}`;
      return {
        pointer,
        diagnostic: makeDiagnostic('WrongLength', valueSpan, { key, actual: count, expected }),
      };
    }
    case 'minProperties':
      return {
        pointer,
        diagnostic: makeDiagnostic('WrongLength', valueSpan, {
          key,
          actual: 0,
          expected: 'at least one entry',
        }),
      };
    case 'minLength':
      return {
        pointer,
        diagnostic: makeDiagnostic('BadFormat', valueSpan, {
          value: '',
          key,
          expected: 'a non-empty string',
        }),
      };
    case 'if':
      // The branch that failed reports the real problem.
      return { pointer };
    default:
      return {
        pointer,
        diagnostic: makeDiagnostic('BadFormat', valueSpan, {
          value: describeValue(data),
          key,
          expected: error.message ?? 'a valid value',
        }),
      };
  }
}

function unitDiagnostic(
  doc: SpecDocument,
  key: string,
  span: Span,
  problem: ReturnType<typeof unitProblem> & object,
): Diagnostic {
  return makeDiagnostic(
    problem.id,
    span,
    { key, suggestion: problem.suggestion, ...problem.args },
    { fix: replaceFix(doc, span, problem.suggestion, `Write ${problem.suggestion}`) },
  );
}

function isUnder(pointer: string, prefixes: ReadonlySet<string>): boolean {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    if (prefixes.has(p)) return true;
    if (p === '') return false;
  }
}

/** Schema validation (ajv, compiled once) → one diagnostic per problem, at the key or value that causes it. */
export function validateDocument(doc: SpecDocument): ValidationResult {
  const validate = specValidator();
  const diagnostics: Diagnostic[] = [];
  const failed = new Set<string>();
  if (validate(doc.value)) return { diagnostics, failed };
  const reported = doc.reported ?? new Set<string>();
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (isUnder(error.instancePath, reported)) continue;
    const { pointer, diagnostic } = toDiagnostic(doc, error);
    if (!diagnostic) continue;
    const id = `${pointer}|${diagnostic.code}`;
    if (seen.has(id)) continue;
    seen.add(id);
    failed.add(pointer);
    diagnostics.push(diagnostic);
  }
  return { diagnostics, failed };
}

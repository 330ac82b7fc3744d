import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { Span } from '../source.js';
import { describeType, describeValue, keyOfPointer, placeOfPointer } from './describe.js';
import { childPointer, spanOfPointer, type JsonValue, type SpecDocument } from './document.js';
import { unitProblem, type UnitKind } from './normalize/units.js';
import { listWords, suggest } from './suggest.js';
import { placesOfKey } from './key-index.js';
import { specSchema } from './schema.js';
import { alternativeHint, catalogueText } from './catalogue-text.js';

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

/**
 * What an enum value is for, in words: the schema title of the property (`down-sampling`,
 * `padding`), found along the error's schema path; for a call's `type`, the call's own title.
 */
function subjectOf(error: ErrorObject, key: string): string {
  const titles: string[] = [];
  let node: unknown = specSchema();
  for (const segment of error.schemaPath.replace(/^#\//, '').split('/')) {
    if (!node || typeof node !== 'object') break;
    node = (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    const title = node && typeof node === 'object' ? (node as { title?: unknown }).title : undefined;
    if (typeof title === 'string') titles.push(title);
  }
  const title = key === 'type' ? titles[titles.length - 2] : titles[titles.length - 1];
  return title ? title.toLowerCase() : key;
}

/**
 * Turns one ajv error into a diagnostic at the right span, with hint and fix where possible; also
 * returns the pointer it is about. `if` errors give none: the failing branch reports the real problem.
 */
export function schemaErrorDiagnostic(
  doc: SpecDocument,
  error: ErrorObject,
): { pointer: string; diagnostic?: Diagnostic } {
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
      // A valid key in the wrong block (`epochs` inside network): say where it belongs.
      const elsewhere = guess ? [] : placesOfKey(name);
      return {
        pointer: at,
        diagnostic: makeDiagnostic(
          'UnknownKey',
          span,
          {
            key: name,
            suggestion: guess ?? '',
            where: placeOfPointer(pointer),
            known: isLabel ? 'level numbers 0..depth' : listWords(known),
            places: listWords(elsewhere.slice(0, 3).map((p) => (p === '' ? 'the top level' : `'${p}'`))),
          },
          guess
            ? {
                hint: alternativeHint('UnknownKey', 'suggestion'),
                fix: {
                  description: catalogueText('UnknownKey', 'fix', { key: name, suggestion: guess }),
                  edits: [{ span, text: guess }],
                },
              }
            : elsewhere.length > 0
              ? { hint: alternativeHint('UnknownKey', 'elsewhere') }
              : {},
        ),
      };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const where = pointer === '' ? 'The spec' : `'${key}'`;
      return {
        // The problem is the missing key, not the object that lacks it (which normalisation still reads).
        pointer: childPointer(pointer, missing),
        // At the top level, the start of the file: underlining every line of it says nothing.
        diagnostic: makeDiagnostic(
          'MissingKey',
          pointer === '' ? doc.source.startSpan : spanOfPointer(doc, pointer, 'key'),
          { where, key: missing },
        ),
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
          { value, key: subjectOf(error, key), allowed: listWords(allowed), suggestion: guess ?? '' },
          guess
            ? {
                hint: alternativeHint('UnknownValue', 'suggestion'),
                fix: replaceFix(
                  doc,
                  valueSpan,
                  guess,
                  catalogueText('UnknownValue', 'fix', { value, suggestion: guess }),
                ),
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
            { key, value: String(value), suggestion: percent ?? '' },
            percent
              ? {
                  fix: replaceFix(
                    doc,
                    valueSpan,
                    percent,
                    catalogueText('ProbabilityRange', 'fix', { suggestion: percent }),
                  ),
                }
              : {},
          ),
        };
      }
      const small = error.keyword.endsWith('inimum');
      const exclusive = error.keyword.startsWith('exclusive');
      const id = exclusive
        ? small
          ? 'TooSmallExclusive'
          : 'TooLargeExclusive'
        : small
          ? 'TooSmall'
          : 'TooLarge';
      return { pointer, diagnostic: makeDiagnostic(id, valueSpan, { key, value: String(data), limit }) };
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
    {
      fix: replaceFix(
        doc,
        span,
        problem.suggestion,
        catalogueText(problem.id, 'fix', { suggestion: problem.suggestion }),
      ),
    },
  );
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUnet } from '../../src/compiler/format/format.js';
import { SourceFile } from '../../src/compiler/source.js';
import { frontEnd, readSpec } from './helpers.js';

/** The property every input must satisfy: no throw, no internal error, every span inside the file. */
function checkInput(text: string, fileName: string): void {
  const result = frontEnd(text, fileName);
  for (const d of result.diagnostics) {
    expect(d.code).not.toBe('UNC9000');
    expect(d.span.file).toBe(fileName);
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    for (const edit of d.fix?.edits ?? []) expect(edit.span.end).toBeLessThanOrEqual(text.length);
  }
  // A value the parser rejected (a number too large) is stored as null and cannot round-trip.
  if (result.document && result.document.format === 'unet' && (result.document.reported?.size ?? 0) === 0) {
    // Whatever was read must print and read back to the same value.
    const printed = formatUnet(result.document);
    const again = frontEnd(printed, 'printed.unet');
    expect(again.document?.value).toEqual(result.document.value);
  }
}

const vocabulary = [
  'network',
  'data',
  'augment',
  'train',
  'level',
  'block',
  'depth',
  'filters',
  'input',
  'down',
  'up',
  'skip',
  'maxpool',
  'transpose',
  'kernel',
  'stride',
  'p',
  'range',
  'sigma',
  'X0_3',
  'relu',
  '__proto__',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ':',
  ',',
  ';',
  '\n',
  ' ',
  '#c\n',
  '//c\n',
  '"s"',
  '"\\q"',
  '"open',
  '572',
  '-3',
  '0.5',
  '1e-4',
  '1e999',
  '99999999999',
  '10px',
  '15deg',
  '50%',
  '2vx',
  '10pz',
  '572 x 572 x 1',
  '572×572',
  '0.9..1.1',
  '-15deg..15deg',
  'true',
  'false',
  '@',
  '\u0000',
  '\u00e9',
];

const paper = readSpec('unet2015.unet');
const paperYaml = readSpec('unet2015.yaml');

/** A text with random edits: cut a slice, insert a vocabulary word, or duplicate a line. */
const mutated = (base: string) =>
  fc
    .array(
      fc.tuple(
        fc.nat(base.length),
        fc.nat(40),
        fc.constantFrom(...vocabulary),
        fc.constantFrom('cut', 'insert', 'dup'),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((edits) =>
      edits.reduce((text, [at, length, word, kind]) => {
        const i = Math.min(at, text.length);
        if (kind === 'cut') return text.slice(0, i) + text.slice(i + length);
        if (kind === 'insert') return text.slice(0, i) + word + text.slice(i);
        const lineStart = text.lastIndexOf('\n', i) + 1;
        const lineEnd = text.indexOf('\n', i);
        const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd + 1);
        return text.slice(0, lineStart) + line + text.slice(lineStart);
      }, base),
    );

describe('fuzz: the front end never throws and every span is inside the file', () => {
  it('random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => checkInput(text, 'random.unet')),
      { numRuns: 400 },
    );
  });

  it('token soup from the .unet vocabulary', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 60 }), (words) =>
        checkInput(words.join(' '), 'soup.unet'),
      ),
      { numRuns: 700 },
    );
  });

  it('mutations of the paper spec', () => {
    fc.assert(
      fc.property(mutated(paper), (text) => checkInput(text, 'mutated.unet')),
      { numRuns: 600 },
    );
  });

  it('mutations of the YAML twin', () => {
    fc.assert(
      fc.property(mutated(paperYaml), (text) => checkInput(text, 'mutated.yaml')),
      { numRuns: 300 },
    );
  });

  it('random JSON-like values through the normaliser', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(
        fc.record({ network: value, data: value, augment: value, train: value }, { requiredKeys: [] }),
        (doc) => {
          const text = JSON.stringify(doc);
          // JSON is YAML: this drives arbitrary structures into validation and normalisation.
          checkInput(text, 'json.yaml');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('source positions stay valid for spans at the very end of a file', () => {
    const source = new SourceFile('x.unet', 'network {');
    expect(source.positionAt(source.text.length)).toEqual({ line: 1, column: 10 });
  });
});

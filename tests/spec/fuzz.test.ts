import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUnet } from '../../src/compiler/format/format.js';
import { isJsonObject } from '../../src/compiler/spec/describe.js';
import type { SpecDocument } from '../../src/compiler/spec/document.js';
import { SourceFile } from '../../src/compiler/source.js';
import { tokens } from '../support/fuzz-inputs.js';
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
  // (null has no .unet spelling: it only comes from YAML `key:` with no value.)
  const value = result.document ? JSON.stringify(result.document.value) : 'null';
  if (
    result.document &&
    isJsonObject(result.document.value) &&
    (result.document.reported?.size ?? 0) === 0 &&
    !value.includes('null')
  ) {
    // Whatever was read must print and read back to the same value.
    const printed = formatUnet(result.document);
    const again = frontEnd(printed, 'printed.unet');
    expect(again.document?.value).toEqual(result.document.value);
    // …and a .unet file keeps every comment it had.
    if (result.document.format === 'unet')
      expect(commentCount(again.document)).toBe(commentCount(result.document));
  }
}

function commentCount(doc: SpecDocument | undefined): number {
  const lines = (map: ReadonlyMap<string, readonly string[] | string> | undefined): number =>
    [...(map?.values() ?? [])].reduce((n, v) => n + (typeof v === 'string' ? 1 : v.length), 0);
  return doc ? lines(doc.comments) + lines(doc.trailingComments) + lines(doc.endComments) : 0;
}

/** The shared .unet token vocabulary plus words that stress the front end in particular. */
const vocabulary = [
  ...tokens,
  'stride',
  'X0_3',
  '__proto__',
  '#c\n',
  '//c\n',
  '"s"',
  '"\\q"',
  '"open',
  '572',
  '-3',
  '1e999',
  '10pz',
  '572\u00d7572',
  '@',
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

  it('extreme numbers in every numeric setting', () => {
    const number = fc.oneof(
      fc.integer({ min: -5, max: 20 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -1, 2 ** 31, 1e23, 1e-300, 0.5),
    );
    const perAxis = fc.oneof(number, fc.array(number, { maxLength: 4 }));
    const spec = fc.record(
      {
        network: fc.record(
          {
            input: fc.array(number, { maxLength: 5 }),
            depth: number,
            filters: fc.oneof(number, fc.array(number, { maxLength: 12 })),
            growth: number,
            max_filters: number,
            classes: number,
            block: fc.record(
              { convs: number, kernel: perAxis, dilation: perAxis, dropout: number },
              { requiredKeys: [] },
            ),
            down: fc.record(
              { type: fc.constantFrom('maxpool', 'conv'), kernel: perAxis, stride: perAxis },
              { requiredKeys: [] },
            ),
            up: fc.record(
              { kernel: perAxis, stride: perAxis, output_padding: perAxis, filters: number },
              { requiredKeys: [] },
            ),
            skip: fc.record(
              { type: fc.constantFrom('attention', 'full_scale'), inter: number, filters: number },
              { requiredKeys: [] },
            ),
            supervision: fc.record({ weights: fc.array(number, { maxLength: 5 }) }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
        data: fc.record(
          { ignore: number, validation: number, tile: fc.array(number, { maxLength: 4 }) },
          { requiredKeys: [] },
        ),
        augment: fc.record(
          { flip: fc.record({ p: number }), elastic: fc.record({ grid: perAxis }) },
          { requiredKeys: [] },
        ),
        train: fc.record(
          { epochs: number, batch: number, seed: number, optimizer: fc.record({ lr: number }) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['network'] },
    );
    fc.assert(
      fc.property(spec, (doc) => checkInput(JSON.stringify(doc), 'numbers.yaml')),
      { numRuns: 400 },
    );
  });

  it('source positions stay valid for spans at the very end of a file', () => {
    const source = new SourceFile('x.unet', 'network {');
    expect(source.positionAt(source.text.length)).toEqual({ line: 1, column: 10 });
  });
});

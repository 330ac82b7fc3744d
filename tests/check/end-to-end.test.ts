import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../src/compiler/check/check-spec.js';
import type { Diagnostic } from '../../src/compiler/diagnostics/diagnostic.js';
import { SourceFile } from '../../src/compiler/source.js';
import { locate } from '../../src/compiler/spec/locate.js';
import { normalizeSpec } from '../../src/compiler/spec/normalize-spec.js';
import { parseUnetDocument } from '../../src/compiler/syntax/parse-document.js';
import { parseYamlDocument } from '../../src/compiler/yaml/parse-yaml.js';

/** .unet text → document → ModelSpec → checked model, through the real front end. */
function checkText(text: string, fileName = 'specs/unet2015.unet') {
  const source = new SourceFile(fileName, text);
  const parse = fileName.endsWith('.yaml') ? parseYamlDocument : parseUnetDocument;
  const { document, diagnostics: syntax } = parse(source);
  expect(syntax).toEqual([]);
  const { spec, diagnostics: specDiagnostics } = normalizeSpec(document!);
  expect(specDiagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { source, ...checkSpec(spec!, locate(document, fileName)) };
}

function applyFix(text: string, d: Diagnostic): string {
  const edits = [...(d.fix?.edits ?? [])].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((t, e) => t.slice(0, e.span.start) + e.text + t.slice(e.span.end), text);
}

const paperText = readFileSync('specs/unet2015.unet', 'utf8');

describe('specs/unet2015.unet end to end', () => {
  it('checks to the paper’s numbers', () => {
    const { model, diagnostics } = checkText(paperText);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(model!.graph.outputs[0]!.shape).toEqual([388, 388, 2]);
    expect(model!.summary.convLayers).toBe(23);
    expect(model!.summary.params).toBe(31_030_658);
    expect(model!.summary.sizeRules[0]).toEqual({ modulus: 16, min: 188, outputScale: 1, outputShift: -184 });
  });

  it('blames the input text for a bad size, and its fix makes the spec check', () => {
    const text = paperText.replace(/input:\s*572 x 572 x 1/, 'input: 570 x 570 x 1');
    expect(text).not.toBe(paperText);
    const { source, diagnostics } = checkText(text);
    const d = diagnostics.find((x) => x.code === 'UNC3001')!;
    expect(source.text.slice(d.span.start, d.span.end)).toMatch(/570/);
    expect(source.text.slice(d.related![0]!.span.start, d.related![0]!.span.end)).toMatch(/maxpool/);
    const fixed = applyFix(text, d);
    const again = checkText(fixed);
    expect(again.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(again.model!.spec.network.inputSize).toEqual([572, 572]);
  });
});

describe('specs/unet2015.yaml end to end', () => {
  it('fixes a bad size element by element in a YAML list', () => {
    const yaml = readFileSync('specs/unet2015.yaml', 'utf8');
    const text = yaml.replace('input: [572, 572, 1]', 'input: [572, 575, 1]');
    expect(text).not.toBe(yaml);
    const { diagnostics } = checkText(text, 'specs/unet2015.yaml');
    const d = diagnostics.find((x) => x.code === 'UNC3001')!;
    expect(d.fix?.edits.map((e) => e.text)).toEqual(['572']);
    expect(applyFix(text, d)).toBe(yaml);
  });
});

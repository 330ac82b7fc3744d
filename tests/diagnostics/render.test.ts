import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/compiler/diagnostics/diagnostic.js';
import { renderBaseline } from '../../src/compiler/diagnostics/render-baseline.js';
import { escapeData, escapeProperty, renderGithub } from '../../src/compiler/diagnostics/render-github.js';
import { checkToJson } from '../../src/compiler/diagnostics/render-json.js';
import { fileUri, renderSarif } from '../../src/compiler/diagnostics/render-sarif.js';
import { renderDiagnosticText, renderText } from '../../src/compiler/diagnostics/render-text.js';
import { SourceFile } from '../../src/compiler/source.js';

const text = 'network {\n  input: 570 x 570 x 1\n\tdepth: 4\n}\n';
const source = new SourceFile('net.unet', text);
const at = (needle: string, length = needle.length) => {
  const start = text.indexOf(needle);
  return source.span(start, start + length);
};

const oddSize: Diagnostic = {
  code: 'UNC3001',
  severity: 'error',
  message: 'max-pool at level 1 sees 279×279',
  span: at('570 x 570 x 1'),
  hint: 'use 572',
  fix: { description: 'use the input size 572×572×1', edits: [{ span: at('570', 3), text: '572' }] },
  related: [{ span: at('depth: 4'), message: 'the max-pool is declared here' }],
};
const warning: Diagnostic = {
  code: 'UNC3009',
  severity: 'warning',
  message: 'small: 50%, a,b',
  span: at('depth'),
};
const empty: Diagnostic = {
  code: 'UNC1010',
  severity: 'error',
  message: "'{' is never closed",
  span: source.span(text.length, text.length),
};

describe('text renderer', () => {
  it('prints tsc-style location, the line, ~~~ under the span, hint, fix and related', () => {
    expect(renderDiagnosticText(oddSize, source)).toBe(
      [
        'net.unet(2,10): error UNC3001: max-pool at level 1 sees 279×279',
        '  2 |   input: 570 x 570 x 1',
        '    |          ~~~~~~~~~~~~~',
        '  hint: use 572',
        '  fix: use the input size 572×572×1',
        '  net.unet(3,2): the max-pool is declared here',
        '    3 | \tdepth: 4',
        '      | \t~~~~~~~~',
      ].join('\n'),
    );
  });

  it('puts a caret under an empty span and keeps tabs so columns line up', () => {
    expect(renderDiagnosticText(empty, source).split('\n').slice(1, 3)).toEqual(['  5 | ', '    | ^']);
    expect(renderDiagnosticText(warning, source).split('\n')[2]).toBe('    | \t~~~~~');
  });

  it('ends with the count, and colours only when asked', () => {
    const report = { file: 'net.unet', source, diagnostics: [oddSize, warning] };
    expect(renderText([report]).trimEnd().split('\n').at(-1)).toBe(
      'Found 1 error and 1 warning in 1 file (1 spec checked).',
    );
    expect(renderText([{ file: 'ok.unet', diagnostics: [] }])).toBe('Checked 1 spec: no problems.\n');
    expect(renderText([report], { color: true })).toContain(`${String.fromCharCode(27)}[31m`);
    expect(renderText([report])).not.toContain(String.fromCharCode(27));
  });
});

describe('long lines', () => {
  it('echoes a window around the span, not a whole minified line', () => {
    const long = `${'a'.repeat(5000)}@${'b'.repeat(5000)}`;
    const src = new SourceFile('min.unet', long);
    const d: Diagnostic = {
      code: 'UNC1001',
      severity: 'error',
      message: "Unexpected character '@'",
      span: src.span(5000, 5001),
    };
    const [, line, marks] = renderDiagnosticText(d, src).split('\n');
    expect(line!.length).toBeLessThan(140);
    expect(line).toMatch(/^ {2}1 \| …a+@b+…$/);
    expect(marks!.indexOf('~')).toBe(line!.indexOf('@'));
  });
});

describe('baseline renderer', () => {
  it('writes TypeScript-style baselines: summary lines, echoed source, ~~~ and !!! lines', () => {
    expect(renderBaseline(source, [oddSize, warning])).toBe(
      [
        'net.unet(2,10): error UNC3001: max-pool at level 1 sees 279×279',
        'net.unet(3,2): warning UNC3009: small: 50%, a,b',
        '',
        '',
        '==== net.unet (1 errors, 1 other) ====',
        '    network {',
        '      input: 570 x 570 x 1',
        '             ~~~~~~~~~~~~~',
        '!!! error UNC3001: max-pool at level 1 sees 279×279',
        '!!! hint: use 572',
        "!!! fix: use the input size 572×572×1 [net.unet(2,10)-(2,13) '572']",
        '!!! related net.unet(3,2)-(3,10): the max-pool is declared here',
        '    \tdepth: 4',
        '    \t~~~~~',
        '!!! warning UNC3009: small: 50%, a,b',
        '    }',
        '',
      ].join('\n') + '\n',
    );
  });
});

describe('JSON, GitHub and SARIF renderers', () => {
  const report = { file: 'net.unet', source, diagnostics: [oddSize, warning] };

  it('gives 1-based, end-exclusive ranges and the fix/related extras in JSON', () => {
    const json = checkToJson([report]);
    expect(json.errors).toBe(1);
    expect(json.warnings).toBe(1);
    expect(json.files[0]!.ok).toBe(false);
    expect(json.files[0]!.diagnostics[0]).toEqual({
      code: 'UNC3001',
      severity: 'error',
      message: 'max-pool at level 1 sees 279×279',
      line: 2,
      column: 10,
      endLine: 2,
      endColumn: 23,
      hint: 'use 572',
      fix: {
        description: 'use the input size 572×572×1',
        edits: [{ line: 2, column: 10, endLine: 2, endColumn: 13, text: '572' }],
      },
      related: [
        {
          file: 'net.unet',
          line: 3,
          column: 2,
          endLine: 3,
          endColumn: 10,
          message: 'the max-pool is declared here',
        },
      ],
    });
  });

  it('escapes GitHub workflow-command data and properties', () => {
    expect(escapeData('50%\na')).toBe('50%25%0Aa');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    expect(renderGithub([report]).split('\n')).toEqual([
      '::error file=net.unet,line=2,col=10,endLine=2,endColumn=22,title=UNC3001::max-pool at level 1 sees 279×279%0Ahint: use 572',
      '::warning file=net.unet,line=3,col=2,endLine=3,endColumn=6,title=UNC3009::small: 50%25, a,b',
      '',
    ]);
  });

  it('writes SARIF results that point into the catalogue, with regions and fixes', () => {
    const log = JSON.parse(renderSarif([report], { toolVersion: '9.9.9' })) as {
      version: string;
      runs: {
        tool: { driver: { version: string; rules: { id: string; shortDescription: { text: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex?: number;
          level: string;
          locations: { physicalLocation: { region: Record<string, number> } }[];
          fixes?: { artifactChanges: { replacements: { insertedContent: { text: string } }[] }[] }[];
        }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.version).toBe('9.9.9');
    const internal = run.tool.driver.rules.find((r) => r.id === 'UNC9000')!;
    expect(internal.shortDescription.text).toBe('Internal error in <phase>: <detail>');
    expect(run.results.map((r) => r.level)).toEqual(['error', 'warning']);
    expect(run.results[0]!.locations[0]!.physicalLocation.region).toEqual({
      startLine: 2,
      startColumn: 10,
      endLine: 2,
      endColumn: 23,
    });
    expect(run.results[0]!.fixes![0]!.artifactChanges[0]!.replacements[0]!.insertedContent.text).toBe('572');
  });

  it('turns paths into URIs SARIF viewers resolve', () => {
    expect(fileUri('specs/my net.unet')).toBe('specs/my%20net.unet');
    expect(fileUri('/abs/x.unet')).toBe('file:///abs/x.unet');
    expect(fileUri('C:\\work\\x.unet')).toBe('file:///C:/work/x.unet');
  });
});

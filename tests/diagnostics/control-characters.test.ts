import { beforeAll, describe, expect, it } from 'vitest';
import { compileSource } from '../../src/compiler/pipeline.js';
import { renderBaseline } from '../../src/compiler/diagnostics/render-baseline.js';
import { renderGithub } from '../../src/compiler/diagnostics/render-github.js';
import { renderJson } from '../../src/compiler/diagnostics/render-json.js';
import { renderSarif } from '../../src/compiler/diagnostics/render-sarif.js';
import { renderText } from '../../src/compiler/diagnostics/render-text.js';
import type { FileReport } from '../../src/compiler/diagnostics/file-report.js';
import { escapeControl, escapeControlOneLine } from '../../src/common/escape-control.js';
import { cliIsBuilt, runCli, scratch } from '../cli/run-cli.js';

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
/** What a hostile spec carries: clear screen, retitle the terminal, a bare CR and a bidi override. */
const hostile = `${ESC}[2J${ESC}]0;pwned${BEL}\r\u202e`;
/** Any control character other than tab and newline, DEL, C1 controls or a bidi override. */
// eslint-disable-next-line no-control-regex
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function reportsFor(text: string, file: string): FileReport[] {
  const result = compileSource(text, file);
  return [{ file, source: result.source, diagnostics: result.diagnostics }];
}

const specs: readonly [string, string][] = [
  ['yaml-key.yaml', `name: x\nnetwork:\n  input: [64, 64, 1]\n  "k${hostile}": 1\n`],
  ['yaml-value.yaml', `name: x\nnetwork:\n  input: [64, 64, 1]\n  skip: "s${hostile}"\n`],
  ['unet-char.unet', `name: "x"\nnetwork {\n  input: 64 x 64 x 1 ${ESC}[2J${BEL}\n}\n`],
  ['unet-string.unet', `name: "x"\nnetwork {\n  input: 64 x 64 x 1\n  skip: "s${ESC}]0;t${BEL}"\n}\n`],
];

describe('control characters from a spec never reach the terminal raw', () => {
  it('escapes them visibly, keeping tab and newline where lines are allowed', () => {
    expect(escapeControl(`a${ESC}[2Jb\tc\nd${BEL}`)).toBe('a\\x1b[2Jb\tc\nd\\x07');
    expect(escapeControlOneLine(`a\nb\r\u202e`)).toBe('a\\nb\\r\\u202e');
  });

  for (const [file, text] of specs) {
    it(`in every renderer: ${file}`, () => {
      const reports = reportsFor(text, file);
      expect(reports[0]!.diagnostics.length).toBeGreaterThan(0);
      const rendered = {
        text: renderText(reports, { color: false }),
        github: renderGithub(reports),
        sarif: renderSarif(reports, { toolVersion: '0' }),
        baseline: renderBaseline(reports[0]!.source!, reports[0]!.diagnostics),
      };
      for (const [name, out] of Object.entries(rendered)) expect(out, name).not.toMatch(raw);
      // JSON escapes them itself (as \u001b): valid JSON, nothing raw on the wire.
      const json = renderJson(reports);
      expect(json).not.toMatch(raw);
      expect(() => JSON.parse(json) as unknown).not.toThrow();
    });
  }
});

describe('unetc CLI: one-line errors and reports are escaped', () => {
  beforeAll(() => {
    expect(cliIsBuilt(), 'run `npm run build` first').toBe(true);
  });

  it('escapes a spec key, a file name in an error, and an unknown command', () => {
    const { dir, cleanup } = scratch({ 'bad.yaml': specs[0]![1] });
    try {
      const check = runCli(['check', 'bad.yaml', '--format', 'text'], { cwd: dir });
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('\\x1b[2J');
      expect(check.stdout + check.stderr).not.toMatch(raw);
      const missing = runCli(['check', `missing${ESC}[2J.unet`], { cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('missing\\x1b[2J.unet');
      expect(missing.stdout + missing.stderr).not.toMatch(raw);
      const unknown = runCli([`ch${ESC}eck`], { cwd: dir });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).not.toMatch(raw);
    } finally {
      cleanup();
    }
  });
});

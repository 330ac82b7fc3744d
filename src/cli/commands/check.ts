import { Option, type Command } from 'commander';
import type { FileReport } from '../../compiler/diagnostics/file-report.js';
import { reportHasErrors } from '../../compiler/diagnostics/file-report.js';
import { renderGithub } from '../../compiler/diagnostics/render-github.js';
import { renderJson } from '../../compiler/diagnostics/render-json.js';
import { renderSarif } from '../../compiler/diagnostics/render-sarif.js';
import { renderText } from '../../compiler/diagnostics/render-text.js';
import { writeFileAtomic } from '../../common/atomic-write.js';
import { useColor } from '../color.js';
import { expandSpecPaths } from '../expand-spec-paths.js';
import { applyFixes } from '../../compiler/diagnostics/apply-fixes.js';
import { compileSource, type CompileResult } from '../../compiler/pipeline.js';
import { readSpecFile } from '../../common/read-spec-file.js';
import { compileSpecFile, inputSizeOption, syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import { version } from '../version.js';
import type { RegisterCommand } from './index.js';
import { escapeControlOneLine } from '../../common/escape-control.js';

type CheckFormat = 'text' | 'json' | 'github' | 'sarif';

/** Fix, check again, fix what that reveals: a few rounds at most, so two fixes can never ping-pong. */
const MAX_FIX_ROUNDS = 5;

interface CheckOptions extends SpecFileOptions {
  readonly format: CheckFormat;
  readonly output?: string;
  readonly fix?: boolean;
}

const examples = `
Examples:
  $ unetc check specs/unet2015.unet          one spec; errors show the line with ~~~ under the span
  $ unetc check specs/                       every *.unet, *.yaml, *.yml below specs/
  $ unetc check 'specs/**/*.unet' --format json
  $ unetc check specs/ --format github       annotations for a GitHub Actions step
  $ unetc check specs/ --format sarif -o unetc.sarif
  $ unetc check my-net.dsl --syntax unet     any extension; --syntax says which form
  $ unetc check specs/ --fix                 apply the fixes diagnostics offer, then report what is left

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O problem.`;

export const registerCheck: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('check')
    .summary('check specs: syntax, structure, shapes and wiring')
    .description(
      'Parse, validate and shape-check spec files, many in one process, and report every diagnostic.',
    )
    .argument('<paths...>', 'spec files (any extension), directories (searched recursively) or globs')
    .addOption(
      new Option('-f, --format <format>', 'report format')
        .choices(['text', 'json', 'github', 'sarif'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write the report to this file (atomically) instead of stdout')
    .option(
      '--fix',
      'apply the fixes the diagnostics offer (each file rewritten atomically), say what changed',
    )
    .addOption(syntaxOption())
    .addOption(inputSizeOption())
    .addHelpText('after', examples)
    .action((paths: string[], options: CheckOptions) => {
      setExitCode(runCheck(paths, options));
    });
};

/** Returns the exit code; prints the report on stdout (or --output) and I/O problems on stderr. */
export function runCheck(paths: readonly string[], options: CheckOptions): number {
  const { files, problems } = expandSpecPaths(paths);
  // Arguments that named nothing are reported like unreadable files: one line on stderr, and an
  // entry in the report, so JSON, GitHub and SARIF consumers see them too.
  const reports: FileReport[] = problems.map(({ path, message }) => {
    process.stderr.write(`unetc: ${escapeControlOneLine(message)}\n`);
    return { file: path, diagnostics: [], error: message };
  });
  // Only the JSON report shows the model; dropping it early keeps memory flat over 1,000s of specs.
  const keepModel = options.format === 'json';
  for (const file of files) reports.push(checkOne(file, options, keepModel));
  const toFile = options.output !== undefined;
  const rendered = render(reports, options.format, !toFile && useColor());
  if (toFile) writeFileAtomic(options.output!, rendered);
  else process.stdout.write(rendered);
  if (reports.some((r) => r.error !== undefined)) return ExitCode.usage;
  return reports.some(reportHasErrors) ? ExitCode.errors : ExitCode.ok;
}

function checkOne(file: string, options: CheckOptions, keepModel: boolean): FileReport {
  try {
    const result = options.fix ? fixFile(file, options) : compileSpecFile(file, options);
    return {
      file,
      source: result.source,
      diagnostics: result.diagnostics,
      ...(keepModel && result.model ? { model: result.model } : {}),
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`unetc: ${escapeControlOneLine(error.message)}\n`);
    return { file, diagnostics: [], error: error.message };
  }
}

/**
 * Applies the fixes on offer, checks the result again and repeats while fixes keep applying (a
 * syntax fix can reveal a misspelt key), then writes the file once, atomically. Each applied fix
 * is listed on stderr; the returned result is the fixed file's.
 */
function fixFile(file: string, options: CheckOptions): CompileResult {
  const original = readSpecFile(file);
  const compile = (text: string): CompileResult =>
    compileSource(text, file, {
      ...(options.syntax ? { format: options.syntax } : {}),
      ...(options.inputSize ? { inputSize: options.inputSize } : {}),
    });
  let text = original;
  let result = compile(text);
  const changes: string[] = [];
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const { text: fixed, applied } = applyFixes(text, file, result.diagnostics);
    if (applied.length === 0 || fixed === text) break;
    for (const d of applied) {
      const { line, column } = result.source.positionAt(d.span.start);
      changes.push(`${file}(${line},${column}): ${d.fix!.description} (${d.code})`);
    }
    text = fixed;
    result = compile(text);
  }
  if (text !== original) {
    writeFileAtomic(file, text);
    for (const change of changes) process.stderr.write(`fixed ${escapeControlOneLine(change)}\n`);
  }
  return result;
}

function render(reports: readonly FileReport[], format: CheckFormat, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(reports);
    case 'github':
      return renderGithub(reports);
    case 'sarif':
      return renderSarif(reports, { toolVersion: version });
    case 'text':
      return reports.length > 0 ? renderText(reports, { color }) : '';
  }
}

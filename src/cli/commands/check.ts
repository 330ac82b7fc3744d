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
import { compileSpecFile, inputSizeOption, syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import { version } from '../version.js';
import type { RegisterCommand } from './index.js';
import { escapeControlOneLine } from '../../common/escape-control.js';

type CheckFormat = 'text' | 'json' | 'github' | 'sarif';

interface CheckOptions extends SpecFileOptions {
  readonly format: CheckFormat;
  readonly output?: string;
}

const examples = `
Examples:
  $ unetc check specs/unet2015.unet          one spec; errors show the line with ~~~ under the span
  $ unetc check specs/                       every *.unet, *.yaml, *.yml below specs/
  $ unetc check 'specs/**/*.unet' --format json
  $ unetc check specs/ --format github       annotations for a GitHub Actions step
  $ unetc check specs/ --format sarif -o unetc.sarif
  $ unetc check my-net.dsl --syntax unet     any extension; --syntax says which form

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

function checkOne(file: string, options: SpecFileOptions, keepModel: boolean): FileReport {
  try {
    const result = compileSpecFile(file, options);
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

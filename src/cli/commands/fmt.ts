import { existsSync, statSync } from 'node:fs';
import { isDynamicPattern } from 'tinyglobby';
import { Option, type Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { renderDiagnosticText } from '../../compiler/diagnostics/render-text.js';
import { parseSource, type SpecSyntax } from '../../compiler/pipeline.js';
import { writeFileAtomic } from '../../common/atomic-write.js';
import { escapeControlOneLine } from '../../common/escape-control.js';
import { useColor } from '../color.js';
import { expandSpecPaths } from '../expand-spec-paths.js';
import { readSpecFile } from '../../common/read-spec-file.js';
import { syntaxOption } from '../spec-options.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import type { RegisterCommand } from './index.js';

interface FmtOptions {
  readonly to?: SpecSyntax;
  readonly syntax?: SpecSyntax;
  readonly write?: boolean;
  readonly check?: boolean;
  readonly force?: boolean;
}

const examples = `
Examples:
  $ unetc fmt specs/unet2015.unet              print the canonical form
  $ unetc fmt -w specs/unet2015.unet           rewrite the file in place (atomically)
  $ unetc fmt --check specs/unet2015.unet      exit 1 if the file is not canonical (for CI)
  $ unetc fmt --check specs/ examples/         every spec below these folders (npm run fmt-check)
  $ unetc fmt -w specs/                        rewrite every spec that is not canonical
  $ unetc fmt specs/unet2015.unet --to yaml    print the YAML form of a .unet spec
  $ unetc fmt net.yaml --to unet -w            write net.unet next to net.yaml

Exit status: 0 ok (or already formatted), 1 syntax errors or --check found changes, 2 usage or I/O problem.`;

export const registerFmt: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('fmt')
    .summary('format a spec canonically, or convert between .unet and YAML')
    .description(
      'Print a spec in canonical form (idempotent: formatting twice changes nothing), comments kept.\n' +
        'With --to, convert between the .unet text form and YAML.',
    )
    .argument('<paths...>', 'spec file (any extension); with --check or -w also directories and globs')
    .addOption(
      new Option('--to <syntax>', 'output syntax (default: the input syntax)').choices(['unet', 'yaml']),
    )
    .addOption(syntaxOption())
    .option(
      '-w, --write',
      'write the result to the file (or, with --to, to a sibling with the new extension)',
    )
    .option('--check', 'print nothing; exit 1 if the file is not already canonical')
    .option('--force', 'with --write --to, overwrite an existing sibling file')
    .addHelpText('after', examples)
    .action(async (paths: string[], options: FmtOptions) => {
      setExitCode(await runFmtPaths(paths, options));
    });
};

/** Several files only with --check or -w: printed, they would run together on stdout. */
export async function runFmtPaths(paths: readonly string[], options: FmtOptions): Promise<number> {
  // One named file keeps readSpecFile's own messages (missing, a directory, too large).
  if (paths.length === 1 && !isDynamicPattern(paths[0]!) && !isDirectory(paths[0]!))
    return runFmt(paths[0]!, options);
  const { files, problems } = expandSpecPaths(paths);
  for (const { message } of problems) process.stderr.write(`unetc: ${escapeControlOneLine(message)}\n`);
  if (files.length > 1 && !options.check && !options.write)
    throw new UserError(`fmt prints one file; pass --check or -w to format ${files.length} files`);
  let code: number = problems.length > 0 ? ExitCode.usage : ExitCode.ok;
  for (const file of files) {
    try {
      code = Math.max(code, await runFmt(file, options));
    } catch (error) {
      // One unreadable file must not hide the verdict on the others.
      if (!(error instanceof UserError) || files.length === 1) throw error;
      process.stderr.write(`unetc: ${escapeControlOneLine(error.message)}\n`);
      code = Math.max(code, error.exitCode);
    }
  }
  return code;
}

export async function runFmt(file: string, options: FmtOptions): Promise<number> {
  const text = readSpecFile(file);
  const parsed = parseSource(text, file, options.syntax ? { format: options.syntax } : {});
  const to = options.to ?? parsed.syntax;
  if (options.check && to !== parsed.syntax) {
    throw new UserError(`--check compares a file with its own canonical form; drop --to ${to}`);
  }
  if (!parsed.document || hasErrors(parsed.diagnostics)) {
    const color = useColor(process.stderr);
    for (const d of parsed.diagnostics)
      process.stderr.write(`${renderDiagnosticText(d, parsed.source, { color })}\n\n`);
    process.stderr.write(`unetc: '${file}' has syntax errors; not formatted\n`);
    return ExitCode.errors;
  }
  // Loaded here so that `check` and `summary` never pay for the printers.
  const { formatUnet, formatYaml } = await import('../../compiler/format/format.js');
  const formatted = to === 'yaml' ? formatYaml(parsed.document) : formatUnet(parsed.document);
  if (options.check) {
    if (formatted === text) return ExitCode.ok;
    process.stderr.write(`unetc: '${file}' is not formatted — run 'unetc fmt -w ${file}'\n`);
    return ExitCode.errors;
  }
  if (!options.write) {
    process.stdout.write(formatted);
    return ExitCode.ok;
  }
  const target = to === parsed.syntax ? file : withExtension(file, to);
  if (target !== file && existsSync(target) && !options.force) {
    throw new UserError(`'${target}' already exists — pass --force to overwrite it`);
  }
  if (target === file && formatted === text) return ExitCode.ok;
  writeFileAtomic(target, formatted);
  process.stderr.write(`unetc: wrote '${target}'\n`);
  return ExitCode.ok;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `net.yaml` → `net.unet`; a name without an extension gets one. */
function withExtension(file: string, syntax: SpecSyntax): string {
  const ext = syntax === 'yaml' ? '.yaml' : '.unet';
  const match = /\.[^./\\]*$/.exec(file);
  return match ? file.slice(0, match.index) + ext : file + ext;
}

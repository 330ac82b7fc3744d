import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { escapedIoError } from '../common/io-error.js';
import { ExitCode, UserError } from '../common/user-error.js';
import { version } from './version.js';
import { SpecError } from '../api/spec-error.js';
import { useColor } from './color.js';
import { escapeControl, escapeControlOneLine } from '../common/escape-control.js';

/**
 * The `unetc` program. Each command lives in its own file under commands/ and registers itself;
 * this file only wires them and turns errors into one-line messages and exit codes.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('unetc')
    .description('Declarative U-Net specs: shape-checked, compiled to TensorFlow.js, trained and run.')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(escapeControl(s)) })
    .showSuggestionAfterError(true);
  let exitCode: number = ExitCode.ok;
  for (const register of commands) {
    register(program, (code) => {
      exitCode = Math.max(exitCode, code);
    });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof SpecError) {
      const color = useColor(process.stderr);
      if (error.diagnostics.length > 0) process.stderr.write(`${error.format({ color })}\n\n`);
    }
    // A full disk or a read-only folder is the user's to fix, wherever it surfaced: exit 2, not 70.
    const userError = error instanceof UserError ? error : escapedIoError(error);
    if (userError) {
      process.stderr.write(`unetc: ${escapeControlOneLine(userError.message)}\n`);
      return userError.exitCode;
    }
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `unetc: internal error: ${escapeControlOneLine(detail)} (set UNETC_DEBUG=1 for a stack trace)\n`,
    );
    if (process.env['UNETC_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return ExitCode.internal;
  }
}

import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { ExitCode, UserError } from '../common/user-error.js';
import { version } from './version.js';
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
    if (error instanceof UserError) {
      process.stderr.write(`unetc: ${escapeControlOneLine(error.message)}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `unetc: internal error: ${escapeControlOneLine(detail)} (set UNETC_DEBUG=1 for a stack trace)\n`,
    );
    if (process.env['UNETC_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return ExitCode.internal;
  }
}

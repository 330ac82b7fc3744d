import type { Command } from 'commander';

/**
 * A command registers itself on the program. `setExitCode` raises the process exit code
 * (0 ok, 1 errors found, 2 usage/I/O) without throwing, so `check` can report many files.
 */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/** Every command, in the order `--help` lists them. Each file owns one command. */
export const commands: readonly RegisterCommand[] = [];

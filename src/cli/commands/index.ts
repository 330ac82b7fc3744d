import type { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerCompile } from './compile.js';
import { registerEval } from './eval.js';
import { registerExport } from './export.js';
import { registerFmt } from './fmt.js';
import { registerGraph } from './graph.js';
import { registerPredict } from './predict.js';
import { registerSummary } from './summary.js';
import { registerTrain } from './train.js';

/**
 * A command registers itself on the program. `setExitCode` raises the process exit code
 * (0 ok, 1 errors found, 2 usage/I/O) without throwing, so `check` can report many files.
 */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/**
 * Every command, in the order `--help` lists them. Each file owns one command; commands that need
 * tfjs import it lazily inside their action, so `check`, `summary` and `fmt` start fast.
 */
export const commands: readonly RegisterCommand[] = [
  registerCheck,
  registerSummary,
  registerFmt,
  registerCompile,
  registerGraph,
  registerTrain,
  registerPredict,
  registerEval,
  registerExport,
];

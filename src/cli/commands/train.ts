import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { renderDiagnosticText } from '../../compiler/diagnostics/render-text.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { useColor } from '../color.js';
import { compileSpecFile, inputSizeOption, syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { ExitCode } from '../../common/user-error.js';
import { refuseBeyondMemory } from '../memory-budget.js';
import type { RegisterCommand } from './index.js';

interface TrainOptions extends SpecFileOptions {
  readonly out?: string;
  readonly backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  readonly resume?: boolean;
  readonly force?: boolean;
  readonly epochs?: number;
  readonly steps?: number;
  readonly seed?: number;
  readonly batch?: number;
  readonly workers?: number;
}

const examples = `
Examples:
  $ unetc train specs/unet2015.unet                      train as the spec says; run in runs/unet2015/
  $ unetc train specs/unet2015.unet --out runs/a --resume continue run a from its last checkpoint
  $ unetc train specs/unet2015.unet --epochs 1 --steps 20 --input-size 188x188   a quick smoke run
  $ unetc train runs/a/compiled --out runs/b             train a compiled directory (data paths relative to
                                                         the spec of run a, else to the current directory)

Ctrl-C finishes the current step, saves a checkpoint and exits (press it twice to quit at once).
The run directory holds run.json, train.jsonl (every step and validation), checkpoints/, best/,
compiled/ (the network as compiled) and, when the run ends, model/ (the selected weights).

Exit status: 0 trained, 1 spec errors or the loss diverged, 2 bad input or usage, 130 interrupted.`;

function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer ≥ ${min}, got '${value}'`);
    return n;
  };
}

export const registerTrain: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('train')
    .summary("train a spec's network on its data")
    .description(
      'Train the network of a spec (or a compiled directory) as its train { } section says: loss, optimizer, ' +
        'schedule, batch, validation split, checkpoints, best-model selection and early stopping.',
    )
    .argument('<spec>', 'spec file (.unet, .yaml) or compiled model directory')
    .option('-o, --out <dir>', 'run directory (default: runs/<spec name>)')
    .addOption(
      new Option('--backend <backend>', 'tfjs backend')
        .choices(['auto', 'tensorflow', 'wasm', 'cpu'])
        .default('auto'),
    )
    .option('--resume', 'continue the run in --out from its last checkpoint')
    .option('--force', 'start over in a --out that already holds a run or other files')
    .option('--epochs <n>', "override the spec's epochs", integer(1))
    .option(
      '--steps <n>',
      'stop after this many steps in total (overrides epochs × steps_per_epoch)',
      integer(1),
    )
    .option('--seed <s>', "override the spec's seed", integer(0))
    .option('--batch <n>', "override the spec's batch size", integer(1))
    .option('--workers <n>', 'data worker threads (default: CPU cores − 1, at most 4)', integer(0))
    .addOption(syntaxOption())
    .addOption(inputSizeOption())
    .addHelpText('after', examples)
    .action(async (spec: string, options: TrainOptions) => {
      setExitCode(await runTrainCommand(spec, options));
    });
};

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The checked model of a spec file (diagnostics printed; null on errors) or of a compiled directory. */
async function checkedModelOf(path: string, options: TrainOptions): Promise<CheckedModel | null> {
  if (await isDirectory(path)) {
    const { readCompiledDir } = await import('../../runtime/model/read-compiled.js');
    const { plan } = await readCompiledDir(path);
    return { spec: plan.spec, graph: plan.graph, summary: plan.summary };
  }
  const result = compileSpecFile(path, options);
  const color = useColor(process.stderr);
  for (const d of result.diagnostics)
    process.stderr.write(`${renderDiagnosticText(d, result.source, { color })}\n\n`);
  if (!result.model || hasErrors(result.diagnostics)) {
    process.stderr.write(`unetc: '${path}' has errors; fix them before training (unetc check ${path})\n`);
    return null;
  }
  return result.model;
}

/**
 * Data paths in a compiled directory's plan are as the spec wrote them, relative to the spec file:
 * for `<run>/compiled` that is the spec recorded in `<run>/run.json`; otherwise the current directory.
 */
async function compiledDataRoot(dir: string): Promise<string> {
  const { readRunMarker } = await import('../../runtime/train/run-dir.js');
  const marker = await readRunMarker(dirname(resolve(dir)));
  return marker ? dirname(resolve(marker.spec)) : process.cwd();
}

export async function runTrainCommand(specPath: string, options: TrainOptions): Promise<number> {
  const checked = await checkedModelOf(specPath, options);
  if (!checked) return ExitCode.errors;
  refuseBeyondMemory('train', specPath, checked, options.batch);
  const [{ runTraining }, { watchStopSignals }, os] = await Promise.all([
    import('../../runtime/train/train-run.js'),
    import('../../runtime/train/signals.js'),
    import('node:os'),
  ]);
  const outDir = options.out ?? join('runs', checked.spec.name || 'run');
  const write = (line: string) => process.stderr.write(`${line}\n`);
  const stop = watchStopSignals((signal) =>
    write(
      `\n${signal}: finishing the current step and saving a checkpoint (press Ctrl-C again to quit without saving)`,
    ),
  );
  const compiled = await isDirectory(specPath);
  const specDir = compiled ? await compiledDataRoot(specPath) : dirname(resolve(specPath));
  try {
    const result = await runTraining({
      checked,
      specPath,
      specDir,
      ...(compiled ? { initialWeightsFrom: specPath } : {}),
      outDir,
      backend: options.backend,
      resume: options.resume ?? false,
      force: options.force ?? false,
      overrides: {
        ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
        ...(options.steps !== undefined ? { steps: options.steps } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.batch !== undefined ? { batch: options.batch } : {}),
      },
      workers: options.workers ?? Math.min(4, Math.max(0, os.cpus().length - 1)),
      tty: process.stderr.isTTY === true,
      stop,
      write,
    });
    return result.outcome === 'interrupted' ? 130 : ExitCode.ok;
  } finally {
    stop.dispose();
  }
}

import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { checkedSpecFile, inputSizeOption, syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { defaultOutputDir } from '../../common/default-output-dir.js';
import { ExitCode } from '../../common/user-error.js';
import { refuseBeyondMemory } from '../memory-budget.js';
import type { RegisterCommand } from './index.js';
import {
  compiledDataRoot,
  compiledModel,
  defaultWorkers,
  isDirectory,
  trainOverrides,
} from '../../api/train.js';
import { trainBackendOption } from '../shared-options.js';

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
  readonly target: 'tfjs' | 'pytorch';
  readonly device?: string;
  readonly amp?: boolean;
  readonly nproc: number;
}

const examples = `
Examples:
  $ unetc train specs/unet2015.unet                      train as the spec says; run in runs/unet2015/
  $ unetc train specs/unet2015.unet --out runs/a --resume continue run a from its last checkpoint
  $ unetc train specs/unet2015.unet --epochs 1 --steps 20 --input-size 188x188   a quick smoke run
  $ unetc train specs/unet2015.unet --target pytorch --amp   train with PyTorch (GPU, mixed precision)
  $ unetc train specs/unet2015.unet --target pytorch --nproc 2   two processes (torchrun, DDP)
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
    .addOption(trainBackendOption())
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
    .addOption(
      new Option('--target <target>', 'train with TensorFlow.js or with the PyTorch package')
        .choices(['tfjs', 'pytorch'])
        .default('tfjs'),
    )
    .option('--device <device>', 'pytorch: auto, cpu, cuda or cuda:N (default auto)')
    .option('--amp', 'pytorch: mixed precision on CUDA')
    .option('--nproc <n>', 'pytorch: processes on this machine (torchrun, DDP)', integer(1), 1)
    .addOption(syntaxOption())
    .addOption(inputSizeOption())
    .addHelpText('after', examples)
    .action(async (spec: string, options: TrainOptions) => {
      setExitCode(await runTrainCommand(spec, options));
    });
};

/** The checked model of a spec file (diagnostics printed; null on errors) or of a compiled directory. */
async function checkedModelOf(path: string, options: TrainOptions): Promise<CheckedModel> {
  if (await isDirectory(path)) return compiledModel(path);
  return checkedSpecFile(path, options, `fix them before training (unetc check ${path})`);
}

/** A resume trains at the size the run was started with (run.json), unless --input-size says otherwise. */
async function withRecordedInputSize(options: TrainOptions): Promise<TrainOptions> {
  if (!options.resume || options.inputSize || !options.out) return options;
  const { readRunMarker } = await import('../../runtime/train/run-dir.js');
  const inputSize = (await readRunMarker(options.out))?.settings?.inputSize;
  return inputSize ? { ...options, inputSize } : options;
}

export async function runTrainCommand(specPath: string, given: TrainOptions): Promise<number> {
  const options = await withRecordedInputSize(given);
  const checked = await checkedModelOf(specPath, options);
  refuseBeyondMemory('train', specPath, checked, options.batch);
  if (options.target === 'pytorch') return runPytorchTrainCommand(specPath, checked, options);
  const [{ runTraining }, { watchStopSignals }, { capWorkers }] = await Promise.all([
    import('../../runtime/train/train-run.js'),
    import('../../runtime/train/signals.js'),
    import('../../runtime/data/prefetch/worker-count.js'),
  ]);
  const outDir = options.out ?? defaultOutputDir('runs', checked.spec.name, 'run', '--out');
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
      overrides: trainOverrides(options),
      workers: capWorkers(options.workers ?? defaultWorkers(), write),
      tty: process.stderr.isTTY === true,
      stop,
      write,
    });
    return result.outcome === 'interrupted' ? 130 : ExitCode.ok;
  } finally {
    stop.dispose();
  }
}

/** Forwards SIGINT/SIGTERM to the PyTorch trainer (it checkpoints on the first, quits on the second). */
function forwardStopSignals(forward: (signal: NodeJS.Signals) => void): () => void {
  let seen = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (seen++ === 0)
      process.stderr.write(`\n${signal}: the trainer finishes its step and saves a checkpoint\n`);
    forward(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

async function runPytorchTrainCommand(
  specPath: string,
  checked: CheckedModel,
  options: TrainOptions,
): Promise<number> {
  const { runPytorchTraining } = await import('../../runtime/pytorch/train-pytorch.js');
  const compiled = await isDirectory(specPath);
  const initialWeights = compiled
    ? {
        from: specPath,
        weights: await (await import('../../runtime/train/run-outputs.js')).compiledWeights(specPath),
      }
    : undefined;
  return runPytorchTraining({
    checked,
    specPath,
    specDir: compiled ? await compiledDataRoot(specPath) : dirname(resolve(specPath)),
    ...(initialWeights ? { initialWeights } : {}),
    outDir: options.out ?? defaultOutputDir('runs', checked.spec.name, 'run', '--out'),
    resume: options.resume ?? false,
    force: options.force ?? false,
    overrides: trainOverrides(options),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.device !== undefined ? { device: options.device } : {}),
    amp: options.amp ?? false,
    nproc: options.nproc,
    tty: process.stderr.isTTY === true,
    write: (line) => process.stderr.write(`${line}\n`),
    onStopSignal: forwardStopSignals,
  });
}

import { Option, type Command } from 'commander';
import { syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import type { RegisterCommand } from './index.js';
import type { InferenceBackendChoice } from '../../common/backend-choices.js';
import { inferenceBackendOption, parseTile } from '../shared-options.js';

export interface PredictCliOptions extends SpecFileOptions {
  readonly weights?: string;
  readonly out: string;
  readonly tta: 'none' | 'flips' | 'd4';
  readonly probabilities?: boolean;
  readonly backend: InferenceBackendChoice;
  readonly batch: number;
  readonly tile?: readonly number[];
}

const examples = `
Examples:
  $ unetc predict specs/unet2015.unet --weights runs/isbi examples/isbi2012/data/image --out pred/
  $ unetc predict runs/isbi/model test-volume.tif --out pred/ --tta d4        8 dihedral views averaged
  $ unetc predict runs/isbi/model img.png --out pred/ --probabilities        also pred/img.prob-<class>.png

Images of any size are tiled with the network's input size (or --tile / the spec's
data.predict.tile: larger tiles waste less context); context beyond the border is mirrored (the
paper's overlap-tile strategy). Tile origins stay on the network's size grid, so the result equals
one forward pass over the whole mirror-extended image. Labels are written with the spec's mask
values; --tta d4 averages the 8 rotations/mirrors (the paper averaged 7 rotations on ISBI 2012).
Exit status: 0 ok, 1 the spec has errors, 2 usage, I/O or data problem.`;

function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--batch '${text}' must be a positive integer`);
  return n;
}

export const registerPredict: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('predict')
    .summary('segment images with a trained model (overlap-tile, mirrored borders)')
    .description(
      'Segment images of any size (PNG, TIFF; TIFF stacks as volumes) with overlap-tile inference and\n' +
        'optional test-time augmentation, writing label maps (and probability maps) to --out.',
    )
    .argument('<model>', 'spec file, compiled model directory or training run directory')
    .argument('<images...>', 'image files, directories of images, or globs')
    .requiredOption('-o, --out <dir>', 'output directory (created if missing)')
    .option('-w, --weights <dir>', 'trained weights: a training run or compiled model directory')
    .addOption(
      new Option('--tta <mode>', 'test-time augmentation').choices(['none', 'flips', 'd4']).default('none'),
    )
    .option('--probabilities', 'also write one probability map per class')
    .addOption(inferenceBackendOption())
    .addOption(new Option('--batch <n>', 'tiles per forward pass').argParser(positiveInt).default(1))
    .addOption(
      new Option(
        '--tile <HxW>',
        "input tile (default: the spec's data.predict.tile, else the network input)",
      ).argParser(parseTile),
    )
    .addOption(syntaxOption())
    .addHelpText('after', examples)
    .action(async (model: string, images: string[], options: PredictCliOptions) => {
      setExitCode(await runPredict(model, images, options));
    });
};

export async function runPredict(
  modelPath: string,
  images: readonly string[],
  options: PredictCliOptions,
): Promise<number> {
  const { predict } = await import('../../api/predict.js');
  await predict(modelPath, images, {
    outDir: options.out,
    tta: options.tta,
    probabilities: options.probabilities === true,
    backend: options.backend,
    batch: options.batch,
    ...(options.syntax ? { syntax: options.syntax } : {}),
    ...(options.weights !== undefined ? { weights: options.weights } : {}),
    ...(options.tile ? { tile: options.tile } : {}),
    onLine: (line) => process.stderr.write(`${line}\n`),
  });
  return ExitCode.ok;
}

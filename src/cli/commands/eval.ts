import { Option, type Command } from 'commander';
import { ExitCode, UserError } from '../../common/user-error.js';
import type { RegisterCommand } from './index.js';
import type { InferenceBackendChoice } from '../../common/backend-choices.js';
import { inferenceBackendOption, parseTile } from '../shared-options.js';

interface EvalCliOptions {
  readonly pred?: string;
  readonly truth: string;
  readonly model?: string;
  readonly images?: string;
  readonly format: 'text' | 'json';
  readonly classes?: string;
  readonly foreground?: string;
  readonly ignore?: string;
  readonly connectivity: 'face' | 'full';
  readonly volumes: 'slices' | '3d';
  readonly tta: 'none' | 'flips' | 'd4';
  readonly backend: InferenceBackendChoice;
  readonly batch: string;
  readonly output?: string;
  readonly tile?: readonly number[];
}

const examples = `
Examples:
  $ unetc eval --pred pred/ --truth examples/isbi2012/data/label --classes membrane=0,cell=255
  $ unetc eval --model runs/isbi --images examples/isbi2012/data/image --truth examples/isbi2012/data/label
  $ unetc eval --pred pred/ --truth labels/ --format json | jq .totals

Metrics: pixel error (fraction of pixels with the wrong class), foreground-restricted Rand error and
information error (1 − F-score of the Rand / information-theoretic split and merge scores over the
connected components of the foreground classes, truth background excluded: ISBI 2012,
Arganda-Carreras et al. 2015), variation of information, IoU and Dice per class, and the challenge's
pixel error of the label maps (1 − F-score of the foreground pixels). With probability maps (--model,
or <stem>.prob-<class>.png files from predict --probabilities among --pred), the ISBI 2012 scores as
the challenge computed them: each error at its best threshold of P(foreground), thresholds 0, 0.1, …, 1.
Files are paired by name; TIFF stacks are scored slice by slice (--volumes 3d for 3D objects).
Exit status: 0 ok, 2 usage, I/O or data problem.`;

export const registerEval: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('eval')
    .summary('score predictions against ground truth (pixel, Rand, VI, IoU, Dice)')
    .description('Score label maps against ground truth, or run a model on images first (--model --images).')
    .requiredOption('-t, --truth <dir>', 'ground-truth masks (directory, files or glob)')
    .option('-p, --pred <dir>', 'predicted label maps (directory, files or glob)')
    .option('-m, --model <dir>', 'a training run or compiled model directory: predict --images first')
    .option('-i, --images <dir>', 'with --model: the images to segment')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .option(
      '--classes <list>',
      "mask values in class order, e.g. membrane=0,cell=255 (default: the model's, else the values found)",
    )
    .option(
      '--foreground <list>',
      'classes whose connected components are the objects (default: all but class 0)',
    )
    .option('--ignore <value>', 'truth mask value to leave out of every metric')
    .addOption(
      new Option('--connectivity <kind>', 'object connectivity: face (4/6) or full (8/26)')
        .choices(['face', 'full'])
        .default('face'),
    )
    .addOption(
      new Option('--volumes <mode>', 'TIFF stacks: per slice or as 3D volumes')
        .choices(['slices', '3d'])
        .default('slices'),
    )
    .addOption(
      new Option('--tta <mode>', 'with --model: test-time augmentation')
        .choices(['none', 'flips', 'd4'])
        .default('none'),
    )
    .addOption(inferenceBackendOption('with --model: '))
    .option('--batch <n>', 'with --model: tiles per forward pass', '1')
    .addOption(
      new Option('--tile <HxW>', 'with --model: input tile (default: as predict)').argParser(parseTile),
    )
    .addHelpText('after', examples)
    .action(async (options: EvalCliOptions) => {
      setExitCode(await runEval(options));
    });
};

export async function runEval(options: EvalCliOptions): Promise<number> {
  if ((options.pred === undefined) === (options.model === undefined)) {
    throw new UserError(
      'pass either --pred <dir> (score saved predictions) or --model <dir> --images <dir> (predict, then score)',
    );
  }
  if (options.model !== undefined && options.images === undefined)
    throw new UserError('--model needs --images <dir>: the images to segment');
  const ignoreValue = options.ignore === undefined ? undefined : Number(options.ignore);
  if (ignoreValue !== undefined && !Number.isFinite(ignoreValue))
    throw new UserError(`--ignore '${options.ignore}' is not a number`);
  const batch = Number(options.batch);
  if (!Number.isInteger(batch) || batch < 1)
    throw new UserError(`--batch '${options.batch}' must be a positive integer`);
  const scoring = {
    truth: options.truth,
    connectivity: options.connectivity,
    volumes: options.volumes,
    ...(options.classes !== undefined ? { classes: options.classes } : {}),
    ...(options.foreground !== undefined ? { foreground: options.foreground } : {}),
    ...(ignoreValue !== undefined ? { ignoreValue } : {}),
  };
  const { evaluate } = await import('../../api/evaluate.js');
  const result =
    options.model !== undefined
      ? await evaluate({
          ...scoring,
          model: options.model,
          images: options.images!,
          tta: options.tta,
          backend: options.backend,
          batch,
          ...(options.tile ? { tile: options.tile } : {}),
          onLine: (line) => process.stderr.write(`${line}\n`),
        })
      : await evaluate({ ...scoring, predictions: options.pred! });
  const text = options.format === 'json' ? `${JSON.stringify(result.json(), null, 2)}\n` : result.text();
  if (options.output !== undefined) {
    const { writeFileAtomic } = await import('../../common/atomic-write.js');
    writeFileAtomic(options.output, text);
    await refreshRunReport(options.output);
  } else process.stdout.write(text);
  return ExitCode.ok;
}

/** Scores written into a training run's folder show up in its report.html at once. */
async function refreshRunReport(output: string): Promise<void> {
  const { dirname, join } = await import('node:path');
  const { existsSync } = await import('node:fs');
  const runDir = dirname(output);
  if (!/\.json$/.test(output) || !existsSync(join(runDir, 'run.json'))) return;
  const { writeReport } = await import('../../runtime/report/index.js');
  const path = await writeReport(runDir);
  process.stderr.write(`unetc: updated ${path} with these scores\n`);
}

import { Option, type Command } from 'commander';
import type { ClassEntry } from '../../runtime/eval/class-spec.js';
import type { ImageEvaluation } from '../../runtime/eval/evaluate.js';
import type { SweepImage } from '../../runtime/eval/threshold-sweep.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import type { RegisterCommand } from './index.js';
import { parseTile } from './predict.js';

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
  readonly backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
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
    .addOption(
      new Option('--backend <backend>', 'with --model: tfjs backend')
        .choices(['auto', 'tensorflow', 'wasm', 'cpu'])
        .default('auto'),
    )
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
  const ignoreValue = options.ignore === undefined ? null : Number(options.ignore);
  if (ignoreValue !== null && !Number.isFinite(ignoreValue))
    throw new UserError(`--ignore '${options.ignore}' is not a number`);
  const ev = await import('../../runtime/eval/index.js');
  const { expandImagePaths } = await import('../../runtime/predict/expand-images.js');
  const truths = expandImagePaths([options.truth], 'ground truth');
  let images: ImageEvaluation[];
  let classes: ClassEntry[];
  let foreground: number[];
  let sweepImages: SweepImage[];
  const base = { connectivity: options.connectivity, volumes: options.volumes };
  if (options.pred !== undefined) {
    const predFiles = expandImagePaths([options.pred], 'prediction');
    const pairs = ev.pairByStem(predFiles, truths);
    classes = options.classes
      ? ev.parseClassList(options.classes)
      : ev.classesFromValues(await ev.distinctMaskValues(truths));
    if (classes.length < 2 && !options.classes) {
      throw new UserError(
        `the ground truth holds only the mask value ${classes[0]?.value}; pass --classes (e.g. membrane=0,cell=255)`,
      );
    }
    foreground = ev.parseForeground(options.foreground, classes);
    const fileOptions = { ...base, classes, foreground, ignoreValue };
    const probabilities = ev.foregroundProbabilityFiles(predFiles, classes, foreground);
    ({ images, sweepImages } = await ev.evaluateFilePairs(pairs, fileOptions, probabilities));
  } else {
    ({ images, classes, foreground, sweepImages } = await evaluateModel(options, truths, ignoreValue));
  }
  const totals = ev.summarise(images, classes.length, foreground);
  const sweep =
    sweepImages.length === 0
      ? undefined
      : ev.sweepThresholds(sweepImages, {
          foregroundClasses: foreground,
          classes: classes.length,
          connectivity: options.connectivity,
        });
  const text =
    options.format === 'json'
      ? `${JSON.stringify(ev.evaluationJson(images, totals, classes, foreground, sweep), null, 2)}\n`
      : ev.formatEvaluationText(images, totals, classes, sweep);
  if (options.output !== undefined) {
    const { writeFileAtomic } = await import('../../common/atomic-write.js');
    writeFileAtomic(options.output, text);
    await refreshRunReport(options.output);
  } else process.stdout.write(text);
  return ExitCode.ok;
}

/** --model --images --truth: predict each image in memory, then score it against its truth. */
async function evaluateModel(
  options: EvalCliOptions,
  truths: readonly string[],
  ignoreValue: number | null,
): Promise<{
  images: ImageEvaluation[];
  classes: ClassEntry[];
  foreground: number[];
  sweepImages: SweepImage[];
}> {
  const ev = await import('../../runtime/eval/index.js');
  const predict = await import('../../runtime/predict/index.js');
  const backend = await import('../../runtime/backend/use-backend.js');
  const files = predict.expandImagePaths([options.images!], 'image');
  const truthByStem = new Map(truths.map((t) => [predict.stemOf(t), t]));
  const missing = files.filter((f) => !truthByStem.has(predict.stemOf(f)));
  if (missing.length > 0)
    throw new UserError(
      `no ground truth for ${missing.slice(0, 3).join(', ')} in ${options.truth} (matched by file name)`,
    );
  const batch = Number(options.batch);
  if (!Number.isInteger(batch) || batch < 1)
    throw new UserError(`--batch '${options.batch}' must be a positive integer`);
  const selected = await backend.useBackend(options.backend);
  const loaded = await predict.loadPredictor({
    modelDir: options.model!,
    checked: null,
    specPath: options.model!,
  });
  const predictor = await predict.retiledPredictor(loaded, predict.predictTile(loaded.plan, options.tile));
  try {
    const data = predictor.plan.spec.data;
    const classes: ClassEntry[] = options.classes
      ? ev.parseClassList(options.classes)
      : data && data.classMap.length > 0
        ? [...data.classMap]
        : Array.from({ length: Math.max(2, predictor.classes) }, (_, k) => ({
            value: k,
            classIndex: k,
            name: `class${k}`,
          }));
    const foreground =
      options.foreground === undefined && data?.weightMap?.foreground.length
        ? [...data.weightMap.foreground]
        : ev.parseForeground(options.foreground, classes);
    const fileOptions = {
      classes,
      foreground,
      ignoreValue: ignoreValue ?? data?.ignoreValue ?? null,
      connectivity: options.connectivity,
      volumes: options.volumes,
    };
    const images: ImageEvaluation[] = [];
    const sweepImages: SweepImage[] = [];
    const settings = predict.predictSettings(predictor.plan, options.tta, batch);
    // Said once the first image has passed its checks (as in predict), so a bad image stays the only line.
    let announced = false;
    for await (const result of predict.predictFiles(predictor, files, settings)) {
      if (!announced) process.stderr.write(`${backend.describeBackend(selected)}\n`);
      announced = true;
      const truthFile = truthByStem.get(result.stem)!;
      const truth = await ev.readClassMap(truthFile, fileOptions);
      ev.assertSameSize(result.file, result.classes, truthFile, truth);
      images.push(...ev.evaluateClassMaps(result.stem, truth, result.classes, fileOptions));
      const probability = ev.foregroundFromProbabilities(result.probs, foreground);
      sweepImages.push(...ev.sweepImagesOf(result.stem, truth, probability, fileOptions));
      process.stderr.write(`${result.file}: predicted in ${(result.ms / 1000).toFixed(2)} s\n`);
    }
    return { images, classes, foreground, sweepImages };
  } finally {
    predictor.model.dispose();
  }
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

import { existsSync, mkdirSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { renderDiagnosticText } from '../../compiler/diagnostics/render-text.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { useColor } from '../color.js';
import { compileSpecFile, syntaxOption, type SpecFileOptions } from '../spec-options.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import type { RegisterCommand } from './index.js';
import { INFERENCE_BACKEND_CHOICES, type InferenceBackendChoice } from '../../common/inference-backends.js';

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

/** `--tile 1052x1052` (or DxHxW) → spatial sizes. */
export function parseTile(text: string): number[] {
  const sizes = text.split(/[x×,]/).map((s) => Number(s.trim()));
  if (sizes.length < 2 || sizes.length > 3 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UserError(`--tile '${text}' is not a size — write e.g. 1052x1052 (DxHxW for 3D)`);
  }
  return sizes;
}

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
    .addOption(
      new Option(
        '--backend <backend>',
        'inference engine: onnx (onnxruntime-node) or a tfjs backend; auto: tensorflow, onnx, wasm, cpu',
      )
        .choices(INFERENCE_BACKEND_CHOICES)
        .default('auto'),
    )
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

/** A spec compiles here (its diagnostics printed); a directory is a compiled model or a run. */
export function checkedSpecOrDir(
  path: string,
  options: SpecFileOptions,
): { dir: string | null; checked: CheckedModel | null } | null {
  if (!existsSync(path))
    throw new UserError(
      `'${path}' does not exist; pass a spec file, a compiled model directory or a training run`,
    );
  if (statSync(path).isDirectory()) return { dir: path, checked: null };
  const result = compileSpecFile(path, options);
  const color = useColor(process.stderr);
  for (const d of result.diagnostics)
    process.stderr.write(`${renderDiagnosticText(d, result.source, { color })}\n\n`);
  if (!result.model || hasErrors(result.diagnostics)) {
    process.stderr.write(`unetc: '${path}' has errors; nothing predicted\n`);
    return null;
  }
  return { dir: null, checked: result.model };
}

export function prepareOutDir(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory()) {
    throw new UserError(
      `--out ${out} is a file; give a directory for the predictions (it is created if missing)`,
    );
  }
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new UserError(
      `cannot create --out ${out}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export async function runPredict(
  modelPath: string,
  images: readonly string[],
  options: PredictCliOptions,
): Promise<number> {
  // Everything that can fail fast does so before tfjs loads.
  const { expandImagePaths } = await import('../../runtime/predict/expand-images.js');
  const files = expandImagePaths(images);
  if (existsSync(options.out) && !statSync(options.out).isDirectory()) {
    throw new UserError(
      `--out ${options.out} is a file; give a directory for the predictions (it is created if missing)`,
    );
  }
  const source = checkedSpecOrDir(modelPath, options);
  if (!source) return ExitCode.errors;
  if (source.dir === null && options.weights === undefined) {
    throw new UserError(
      `no weights: pass --weights <training run or compiled model directory> to predict with ${modelPath}`,
    );
  }
  const [
    { loadPredictor, predictFiles, predictSettings, predictTile, retiledPredictor, writePrediction },
    backend,
  ] = await Promise.all([
    import('../../runtime/predict/index.js'),
    import('../../runtime/backend/use-backend.js'),
  ]);
  const { forInference, useInferenceBackend } = await import('../../runtime/onnx/inference-backend.js');
  const engine = await useInferenceBackend(options.backend);
  const selected = engine.selected;
  const loaded = await loadPredictor({
    modelDir: source.dir,
    checked: source.checked,
    specPath: modelPath,
    ...(options.weights !== undefined ? { weights: options.weights } : {}),
  });
  const predictor = await forInference(
    await retiledPredictor(loaded, predictTile(loaded.plan, options.tile)),
    engine,
  );
  prepareOutDir(options.out);
  const settings = predictSettings(predictor.plan, options.tta, options.batch);
  try {
    // Said once the first image has passed its checks, so a bad-input error stays the only line.
    let announced = false;
    for await (const result of predictFiles(predictor, files, settings)) {
      if (!announced) process.stderr.write(`${backend.describeBackend(selected)}\n`);
      announced = true;
      const written = await writePrediction(
        options.out,
        result.stem,
        result.probs,
        result.classes,
        predictor.plan.spec.data,
        options.probabilities === true,
      );
      const size = result.classes.shape.slice(0, -1).join('×');
      process.stderr.write(
        `${result.file} (${size}) → ${written.labels}  ${(result.ms / 1000).toFixed(2)} s\n`,
      );
    }
  } finally {
    predictor.runner.dispose();
  }
  return ExitCode.ok;
}

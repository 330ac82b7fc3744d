import { UserError } from '../common/user-error.js';
import type { ClassEntry } from '../runtime/eval/class-spec.js';
import type { EvaluationTotals, ImageEvaluation } from '../runtime/eval/evaluate.js';
import type { SweepImage, SweepResult } from '../runtime/eval/threshold-sweep.js';
import type { TtaMode } from '../runtime/predict/dihedral.js';
import { openPredictor, type PredictorOptions } from './open-predictor.js';

interface ScoringOptions {
  /** Ground-truth masks: a directory, files or a glob. Files are paired with predictions by name. */
  readonly truth: string;
  /** Mask values in class order, e.g. 'membrane=0,cell=255' (default: the model's, else the values found). */
  readonly classes?: string;
  /** Classes whose connected components are the objects (default: all but class 0). */
  readonly foreground?: string;
  /** Truth mask value left out of every metric. */
  readonly ignoreValue?: number;
  /** Object connectivity: 'face' (4/6) or 'full' (8/26). Default 'face'. */
  readonly connectivity?: 'face' | 'full';
  /** TIFF stacks: scored per slice (default) or as 3D volumes. */
  readonly volumes?: 'slices' | '3d';
}

/** Score saved label maps (and `<stem>.prob-<class>.png` maps from predict --probabilities). */
export interface EvaluatePredictions extends ScoringOptions {
  readonly predictions: string;
}

/** Segment `images` with a model first (in memory), then score. */
export interface EvaluateModel extends ScoringOptions, PredictorOptions {
  readonly model: string;
  readonly images: string;
  readonly tta?: TtaMode;
  readonly batch?: number;
  /** Progress, one line per image (default: dropped). */
  readonly onLine?: (line: string) => void;
}

export interface Evaluation {
  readonly images: readonly ImageEvaluation[];
  readonly totals: EvaluationTotals;
  readonly classes: readonly ClassEntry[];
  readonly foreground: readonly number[];
  /** ISBI 2012 scores at their best threshold of P(foreground), when probabilities were available. */
  readonly sweep?: SweepResult;
  /** The report as `unetc eval` prints it. */
  text(): string;
  /** The report as `unetc eval --format json` writes it. */
  json(): unknown;
}

/**
 * Pixel error, foreground-restricted Rand and information scores (ISBI 2012), variation of
 * information, IoU and Dice per class — of saved predictions, or of a model run on images.
 */
export async function evaluate(request: EvaluatePredictions | EvaluateModel): Promise<Evaluation> {
  const ev = await import('../runtime/eval/index.js');
  const { expandImagePaths } = await import('../runtime/predict/expand-images.js');
  const truths = expandImagePaths([request.truth], 'ground truth');
  const scored =
    'model' in request ? await scoreModel(request, truths) : await scorePredictions(request, truths);
  const { images, classes, foreground, sweepImages } = scored;
  const totals = ev.summarise(images, classes.length, foreground);
  const sweep =
    sweepImages.length === 0
      ? undefined
      : ev.sweepThresholds(sweepImages, {
          foregroundClasses: foreground,
          classes: classes.length,
          connectivity: request.connectivity ?? 'face',
        });
  return {
    images,
    totals,
    classes,
    foreground,
    ...(sweep ? { sweep } : {}),
    text: () => ev.formatEvaluationText(images, totals, classes, sweep),
    json: () => ev.evaluationJson(images, totals, classes, foreground, sweep),
  };
}

interface Scored {
  images: ImageEvaluation[];
  classes: ClassEntry[];
  foreground: number[];
  sweepImages: SweepImage[];
}

async function scorePredictions(request: EvaluatePredictions, truths: readonly string[]): Promise<Scored> {
  const ev = await import('../runtime/eval/index.js');
  const { expandImagePaths } = await import('../runtime/predict/expand-images.js');
  const predFiles = expandImagePaths([request.predictions], 'prediction');
  const pairs = ev.pairByStem(predFiles, truths);
  const classes = request.classes
    ? ev.parseClassList(request.classes)
    : ev.classesFromValues(await ev.distinctMaskValues(truths));
  if (classes.length < 2 && !request.classes) {
    throw new UserError(
      `the ground truth holds only the mask value ${classes[0]?.value}; pass --classes (e.g. membrane=0,cell=255)`,
    );
  }
  const foreground = ev.parseForeground(request.foreground, classes);
  const fileOptions = {
    ...scoringBase(request),
    classes,
    foreground,
    ignoreValue: request.ignoreValue ?? null,
  };
  const probabilities = ev.foregroundProbabilityFiles(predFiles, classes, foreground);
  return { classes, foreground, ...(await ev.evaluateFilePairs(pairs, fileOptions, probabilities)) };
}

function scoringBase(request: ScoringOptions) {
  return { connectivity: request.connectivity ?? 'face', volumes: request.volumes ?? 'slices' } as const;
}

/** Predicts each image in memory, then scores it against its truth. */
async function scoreModel(request: EvaluateModel, truths: readonly string[]): Promise<Scored> {
  const ev = await import('../runtime/eval/index.js');
  const predict = await import('../runtime/predict/index.js');
  const files = predict.expandImagePaths([request.images], 'image');
  const truthByStem = new Map(truths.map((t) => [predict.stemOf(t), t]));
  const missing = files.filter((f) => !truthByStem.has(predict.stemOf(f)));
  if (missing.length > 0)
    throw new UserError(
      `no ground truth for ${missing.slice(0, 3).join(', ')} in ${request.truth} (matched by file name)`,
    );
  const open = await openPredictor(request.model, request);
  const say = request.onLine ?? (() => {});
  try {
    const { predictor } = open;
    const data = predictor.plan.spec.data;
    const classes: ClassEntry[] = request.classes
      ? ev.parseClassList(request.classes)
      : data && data.classMap.length > 0
        ? [...data.classMap]
        : Array.from({ length: Math.max(2, predictor.classes) }, (_, k) => ({
            value: k,
            classIndex: k,
            name: `class${k}`,
          }));
    const foreground =
      request.foreground === undefined && data?.weightMap?.foreground.length
        ? [...data.weightMap.foreground]
        : ev.parseForeground(request.foreground, classes);
    const fileOptions = {
      ...scoringBase(request),
      classes,
      foreground,
      ignoreValue: request.ignoreValue ?? data?.ignoreValue ?? null,
    };
    const images: ImageEvaluation[] = [];
    const sweepImages: SweepImage[] = [];
    const settings = predict.predictSettings(predictor.plan, request.tta ?? 'none', request.batch ?? 1);
    let announced = false;
    for await (const result of predict.predictFiles(predictor, files, settings)) {
      // Said once the first image has passed its checks (as in predict), so a bad image stays the only line.
      if (!announced) say(open.backendLine);
      announced = true;
      const truthFile = truthByStem.get(result.stem)!;
      const truth = await ev.readClassMap(truthFile, fileOptions);
      ev.assertSameSize(result.file, result.classes, truthFile, truth);
      images.push(...ev.evaluateClassMaps(result.stem, truth, result.classes, fileOptions));
      const probability = ev.foregroundFromProbabilities(result.probs, foreground);
      sweepImages.push(...ev.sweepImagesOf(result.stem, truth, probability, fileOptions));
      say(`${result.file}: predicted in ${(result.ms / 1000).toFixed(2)} s`);
    }
    return { images, classes, foreground, sweepImages };
  } finally {
    open.dispose();
  }
}

import { existsSync, mkdirSync, statSync } from 'node:fs';
import { UserError } from '../common/user-error.js';
import type { TtaMode } from '../runtime/predict/dihedral.js';
import { openPredictor, type PredictorOptions } from './open-predictor.js';

export interface PredictOptions extends PredictorOptions {
  /** Output directory for the label maps (created if missing). */
  readonly outDir: string;
  /** Test-time augmentation: 'flips' averages 4 mirrored views, 'd4' all 8 rotations/mirrors. */
  readonly tta?: TtaMode;
  /** Also write one probability map per class (`<stem>.prob-<class>.png`). */
  readonly probabilities?: boolean;
  /** Tiles per forward pass (default 1). */
  readonly batch?: number;
  /** Progress, one line per image (default: dropped). The first line names the backend. */
  readonly onLine?: (line: string) => void;
}

export interface PredictedFile {
  readonly file: string;
  /** The label map written (mask values of the spec's classes). */
  readonly labels: string;
  /** Probability maps written, one per class, when asked for. */
  readonly probabilities: readonly string[];
  /** Spatial size of the image. */
  readonly size: readonly number[];
  readonly ms: number;
}

/**
 * Segments images of any size with overlap-tile prediction (mirrored borders, the paper's
 * strategy) and optional test-time augmentation; writes label maps (and probability maps).
 * `images` are files, directories or globs; `model` is a training run, a compiled model
 * directory, or a spec file with `weights`.
 */
export async function predict(
  model: string,
  images: readonly string[],
  options: PredictOptions,
): Promise<PredictedFile[]> {
  // Everything that can fail fast does so before tfjs loads.
  const { expandImagePaths } = await import('../runtime/predict/expand-images.js');
  const files = expandImagePaths(images);
  assertOutDir(options.outDir);
  const open = await openPredictor(model, options);
  const { predictFiles, predictSettings, writePrediction } = await import('../runtime/predict/index.js');
  const say = options.onLine ?? (() => {});
  const settings = predictSettings(open.predictor.plan, options.tta ?? 'none', options.batch ?? 1);
  const written: PredictedFile[] = [];
  try {
    makeOutDir(options.outDir);
    for await (const result of predictFiles(open.predictor, files, settings)) {
      // Said once the first image has passed its checks, so a bad-input error stays the only line.
      if (written.length === 0) say(open.backendLine);
      const out = await writePrediction(
        options.outDir,
        result.stem,
        result.probs,
        result.classes,
        open.predictor.plan.spec.data,
        options.probabilities === true,
        result.nifti,
      );
      const size = result.classes.shape.slice(0, -1);
      say(`${result.file} (${size.join('×')}) → ${out.labels}  ${(result.ms / 1000).toFixed(2)} s`);
      written.push({
        file: result.file,
        labels: out.labels,
        probabilities: out.probabilities,
        size,
        ms: result.ms,
      });
    }
  } finally {
    open.dispose();
  }
  return written;
}

function makeOutDir(out: string): void {
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new UserError(
      `cannot create --out ${out}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function assertOutDir(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UserError(
      `--out ${out} is a file; give a directory for the predictions (it is created if missing)`,
    );
}

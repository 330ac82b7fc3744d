import { makeImage, spatialShape, type Image } from '../data/image.js';
import { applyDihedral, inverseDihedral, ttaTransforms, type TtaMode } from './dihedral.js';
import { predictTiled, type Predictor, type TilingOptions } from './predict-tiled.js';

export interface PredictOptions extends TilingOptions {
  readonly tta: TtaMode;
}

/** TTA: predict each transformed view, transform the probabilities back, average. */
async function predictWithTta(p: Predictor, image: Image, options: PredictOptions): Promise<Image> {
  const transforms = ttaTransforms(options.tta);
  let sum: Float32Array | undefined;
  let shape: readonly number[] = [];
  for (const t of transforms) {
    const probs = applyDihedral(await predictTiled(p, applyDihedral(image, t), options), inverseDihedral(t));
    shape = probs.shape;
    if (!sum) sum = Float32Array.from(probs.data);
    else for (let i = 0; i < sum.length; i++) sum[i]! += probs.data[i]!;
  }
  for (let i = 0; i < sum!.length; i++) sum![i]! /= transforms.length;
  return makeImage(shape, sum);
}

/**
 * Class probabilities [..., K] for one normalised image of any size. A 2D model given a 3D volume
 * ([D, H, W, C], e.g. a TIFF stack) predicts it slice by slice.
 */
export async function predictImage(p: Predictor, image: Image, options: PredictOptions): Promise<Image> {
  const modelDims = p.input.length;
  const imageDims = spatialShape(image).length;
  if (imageDims === modelDims) return predictWithTta(p, image, options);
  if (modelDims === 2 && imageDims === 3) {
    const [depth, height, width, channels] = image.shape as [number, number, number, number];
    const slice = height * width * channels;
    const out = makeImage([depth, height, width, p.classes]);
    const outSlice = height * width * p.classes;
    for (let d = 0; d < depth; d++) {
      const plane = makeImage([height, width, channels], image.data.slice(d * slice, (d + 1) * slice));
      out.data.set((await predictWithTta(p, plane, options)).data, d * outSlice);
    }
    return out;
  }
  throw new Error(`a ${modelDims}D model cannot predict a ${imageDims}D image`);
}

/** Class index per pixel: argmax over channels, or p > 0.5 for a single sigmoid channel. */
export function classesFromProbabilities(probs: Image): Image {
  const k = probs.shape[probs.shape.length - 1]!;
  const n = probs.data.length / k;
  const out = makeImage([...probs.shape.slice(0, -1), 1]);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      out.data[i] = probs.data[i]! > 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (probs.data[i * k + c]! > probs.data[i * k + best]!) best = c;
    out.data[i] = best;
  }
  return out;
}

import type * as tf from '@tensorflow/tfjs';
import type { Plan } from '../../compiler/emit/training-plan.js';
import type { BorderMode } from '../../compiler/spec/pipeline-spec.js';
import { elementCount, makeImage, spatialShape, type Image } from '../data/image.js';
import { extractWindow } from '../data/tiles/window.js';
import {
  extractInputTile,
  planInferenceTiles,
  TileStitcher,
  type Blend,
} from '../data/tiles/inference-tiles.js';
import { TfjsTileRunner } from './tfjs-runner.js';
import type { TileRunner } from './tile-runner.js';

/** What overlap-tile inference needs to know about a loaded model — all taken from its plan. */
export interface Predictor {
  /** The engine that runs batches of tiles (tfjs or onnxruntime). */
  readonly runner: TileRunner;
  readonly plan: Plan;
  /** Network input tile, spatial (the plan's input node). */
  readonly input: readonly number[];
  readonly inputChannels: number;
  /** Per axis [before, after]: input − output (valid padding); zeros for same padding. */
  readonly labelCrop: readonly (readonly [number, number])[];
  /** Channels of the main output (outputs[0]). */
  readonly classes: number;
  /** The head's activation: 'linear' outputs are turned into probabilities here. */
  readonly head: 'softmax' | 'sigmoid' | 'linear';
}

export interface TilingOptions {
  readonly border: BorderMode;
  /** Extra overlap of neighbouring output tiles per axis (same-padding nets). */
  readonly overlap: readonly number[];
  readonly blend: Blend;
  /** Tiles per forward pass. */
  readonly batch: number;
}

export function predictorFromPlan(model: tf.LayersModel, plan: Plan): Predictor {
  return predictorFromRunner(new TfjsTileRunner(model, plan), plan);
}

export function predictorFromRunner(runner: TileRunner, plan: Plan): Predictor {
  const inputNode = plan.graph.nodes.find((n) => n.id === plan.graph.input);
  const output = plan.graph.outputs[0];
  if (!inputNode || !output) throw new Error('plan.json has no input or output node');
  return {
    runner,
    plan,
    input: inputNode.shape.slice(0, -1),
    inputChannels: inputNode.shape[inputNode.shape.length - 1]!,
    labelCrop: plan.summary.labelCrop,
    classes: output.shape[output.shape.length - 1]!,
    head: plan.spec.network.head.activation,
  };
}

/**
 * Overlap-tile inference (paper Fig. 2) over a whole image of any size: the data module's tile
 * plan (mirrored context beyond the border), `batch` tiles per forward pass, tiles stitched back
 * (valid nets: each pixel from one tile; same nets: overlapping tiles blended).
 * `image` is normalised, [H, W, C] or [D, H, W, C] matching the model's dims; returns [..., K].
 */
export async function predictTiled(p: Predictor, image: Image, options: TilingOptions): Promise<Image> {
  const spatial = spatialShape(image);
  const output = p.input.map((s, a) => s - p.labelCrop[a]![0] - p.labelCrop[a]![1]);
  const moduli = p.plan.summary.sizeRules.map((r) => r.modulus);
  const aligned = alignedTiling(spatial, output, options.overlap, moduli);
  const tilePlan = planInferenceTiles({
    imageShape: aligned.shape,
    input: p.input,
    labelCrop: p.labelCrop,
    overlap: aligned.overlap,
    blend: options.blend,
  });
  const stitcher = new TileStitcher(tilePlan, p.classes);
  const inputSize = elementCount(p.input) * p.inputChannels;
  const outputSize = elementCount(tilePlan.output) * p.classes;
  const batch = Math.max(1, options.batch);
  for (let start = 0; start < tilePlan.tiles.length; start += batch) {
    const tiles = tilePlan.tiles.slice(start, start + batch);
    const x = new Float32Array(tiles.length * inputSize);
    // Windows come from the image itself, so context past its edge is always mirrored about the edge.
    tiles.forEach((tile, i) =>
      x.set(extractInputTile(image, tilePlan, tile, options.border).data, i * inputSize),
    );
    const data = await p.runner.run(x, tiles.length);
    if (data.length !== tiles.length * outputSize) {
      throw new Error(
        `model output of ${data.length} values for ${tiles.length} tiles does not match the plan's output tile ${tilePlan.output.join('×')}×${p.classes}`,
      );
    }
    tiles.forEach((tile, i) => {
      stitcher.add(
        tile,
        makeImage([...tilePlan.output, p.classes], data.slice(i * outputSize, (i + 1) * outputSize)),
      );
    });
  }
  const stitched = stitcher.result();
  return aligned.shape.every((s, a) => s === spatial[a])
    ? stitched
    : extractWindow(
        stitched,
        spatial.map(() => 0),
        spatial,
      );
}

/**
 * Tile origins on the network's size grid. Down-sampling makes a net's output depend on where a
 * tile starts modulo M (the size rule's modulus: 16 for the paper's net); tiles whose origins are
 * all multiples of M compute exactly what one forward pass over the whole (mirror-extended) image
 * would. So the tile stride (output − overlap) is made a multiple of M by growing the overlap, and
 * the image is treated as if it extended (mirrored) to a size where the last tile also starts on
 * the grid; the surplus is cropped after stitching. An image within one output tile needs neither.
 */
export function alignedTiling(
  size: readonly number[],
  output: readonly number[],
  overlap: readonly number[],
  moduli: readonly number[],
): { shape: number[]; overlap: number[] } {
  const mod = (a: number, m: number) => ((a % m) + m) % m;
  const shape: number[] = [];
  const overlaps: number[] = [];
  size.forEach((s, a) => {
    const m = Math.max(1, moduli[a] ?? 1);
    const o = output[a]!;
    const wanted = overlap[a] ?? 0;
    const grown = wanted + mod(o - wanted, m);
    if (s <= o || grown >= o) {
      shape.push(s);
      overlaps.push(wanted);
      return;
    }
    shape.push(s + mod(o - s, m));
    overlaps.push(grown);
  });
  return { shape, overlap: overlaps };
}

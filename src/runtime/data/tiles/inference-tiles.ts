import type { BorderMode } from '../../../compiler/spec/pipeline-spec.js';
import { channelsOf, makeImage, spatialShape, type Image } from '../image.js';
import { extractWindow } from './window.js';

export type Blend = 'none' | 'mean' | 'gaussian';

export interface TilePlanOptions {
  /** Spatial shape of the whole image. */
  readonly imageShape: readonly number[];
  /** Network input tile (spatial). */
  readonly input: readonly number[];
  /** Per axis [before, after]: input − output of a valid-padding net (checker's labelCrop); zeros for same padding. */
  readonly labelCrop: readonly (readonly [number, number])[];
  /** Extra overlap between neighbouring output tiles, per axis (same-padding nets; default 0). */
  readonly overlap?: readonly number[];
  readonly blend?: Blend;
}

export interface InferenceTile {
  readonly index: number;
  /** Where the input tile starts in image coordinates (negative/over-size = mirrored context). */
  readonly inputOrigin: readonly number[];
  /** Where the tile's output starts in image coordinates. */
  readonly outputOrigin: readonly number[];
  /** 'none' blending: the half-open image box [writeFrom, writeTo) this tile alone writes. */
  readonly writeFrom: readonly number[];
  readonly writeTo: readonly number[];
}

export interface TilePlan {
  readonly imageShape: readonly number[];
  readonly input: readonly number[];
  readonly output: readonly number[];
  readonly blend: Blend;
  readonly tiles: readonly InferenceTile[];
}

/**
 * Output tile starts along one axis: stride = output − overlap; the last tile is pulled back to
 * end exactly at the image edge (so any size works, not just multiples of the tile), and an
 * image smaller than one output tile gets a single tile whose surplus is cropped at stitching.
 */
export function axisStarts(size: number, output: number, overlap: number): number[] {
  if (size <= output) return [0];
  const step = Math.max(1, output - overlap);
  const starts: number[] = [];
  for (let s = 0; s + output < size; s += step) starts.push(s);
  starts.push(size - output);
  return starts;
}

/** 'none' blending: neighbouring tiles split their common region at its middle. */
function axisWriteRanges(starts: readonly number[], output: number, size: number): [number, number][] {
  return starts.map((s, i) => {
    const from = i === 0 ? 0 : Math.floor((starts[i - 1]! + output + s) / 2);
    const to = i === starts.length - 1 ? size : Math.floor((s + output + starts[i + 1]!) / 2);
    return [from, Math.min(to, size)];
  });
}

/** The overlap-tile plan (paper Fig. 2) for an image of any size, 2D or 3D. */
export function planInferenceTiles(options: TilePlanOptions): TilePlan {
  const { imageShape, input, labelCrop } = options;
  const dims = imageShape.length;
  const output = input.map((s, a) => s - labelCrop[a]![0] - labelCrop[a]![1]);
  if (output.some((o) => o < 1)) throw new Error(`tile ${input.join('×')} leaves no output after the crop`);
  const overlap = options.overlap ?? new Array<number>(dims).fill(0);
  const starts = imageShape.map((size, a) => axisStarts(size, output[a]!, overlap[a] ?? 0));
  const ranges = starts.map((st, a) => axisWriteRanges(st, output[a]!, imageShape[a]!));
  const tiles: InferenceTile[] = [];
  const pos = new Array<number>(dims).fill(0);
  for (;;) {
    const outputOrigin = pos.map((p, a) => starts[a]![p]!);
    tiles.push({
      index: tiles.length,
      outputOrigin,
      inputOrigin: outputOrigin.map((o, a) => o - labelCrop[a]![0]),
      writeFrom: pos.map((p, a) => ranges[a]![p]![0]),
      writeTo: pos.map((p, a) => ranges[a]![p]![1]),
    });
    let a = dims - 1;
    while (a >= 0 && ++pos[a]! >= starts[a]!.length) pos[a--] = 0;
    if (a < 0) break;
  }
  return { imageShape: [...imageShape], input: [...input], output, blend: options.blend ?? 'none', tiles };
}

/** The network input for one tile, with mirrored context beyond the image border. */
export function extractInputTile(
  image: Image,
  plan: TilePlan,
  tile: InferenceTile,
  border: BorderMode = 'mirror',
): Image {
  return extractWindow(image, tile.inputOrigin, plan.input, border);
}

/** Separable blending weight of one output-tile position (1 for 'mean'; Gaussian σ = tile/8). */
function blendWeights(output: readonly number[], blend: Blend): Float64Array[] {
  return output.map((len) => {
    const w = new Float64Array(len).fill(1);
    if (blend === 'gaussian') {
      const sigma = len / 8;
      const centre = (len - 1) / 2;
      for (let i = 0; i < len; i++)
        w[i] = Math.max(Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma)), 1e-6);
    }
    return w;
  });
}

/**
 * Reassembles tile outputs into the full image. 'none' writes each pixel from exactly one tile
 * (exact for valid nets, whose tiles agree anyway); 'mean'/'gaussian' average overlapping tiles.
 */
export class TileStitcher {
  private readonly sum: Float32Array;
  private readonly weight: Float32Array | null;
  private readonly weights: Float64Array[];
  private added = 0;

  constructor(
    private readonly plan: TilePlan,
    private readonly channels: number,
  ) {
    const n = plan.imageShape.reduce((a, b) => a * b, 1);
    this.sum = new Float32Array(n * channels);
    this.weight = plan.blend === 'none' ? null : new Float32Array(n);
    this.weights = blendWeights(plan.output, plan.blend);
  }

  add(tile: InferenceTile, output: Image): void {
    const { imageShape, output: outShape } = this.plan;
    const shape = spatialShape(output);
    if (shape.some((s, a) => s !== outShape[a]) || channelsOf(output) !== this.channels) {
      throw new Error(
        `tile ${tile.index}: output ${output.shape.join('×')}, plan expects ${outShape.join('×')}×${this.channels}`,
      );
    }
    const dims = imageShape.length;
    const c = this.channels;
    const from = this.weight === null ? tile.writeFrom : tile.outputOrigin.map((o) => Math.max(o, 0));
    const to =
      this.weight === null
        ? tile.writeTo
        : tile.outputOrigin.map((o, a) => Math.min(o + outShape[a]!, imageShape[a]!));
    const box = from.map((f, a) => to[a]! - f);
    if (box.some((b) => b <= 0)) return;
    const pos = new Array<number>(dims).fill(0);
    const total = box.reduce((a, b) => a * b, 1);
    for (let k = 0; k < total; k++) {
      let dst = 0;
      let src = 0;
      let wgt = 1;
      for (let a = 0; a < dims; a++) {
        const g = from[a]! + pos[a]!;
        const local = g - tile.outputOrigin[a]!;
        dst = dst * imageShape[a]! + g;
        src = src * outShape[a]! + local;
        wgt *= this.weights[a]![local]!;
      }
      if (this.weight === null)
        for (let ch = 0; ch < c; ch++) this.sum[dst * c + ch] = output.data[src * c + ch]!;
      else {
        for (let ch = 0; ch < c; ch++) this.sum[dst * c + ch] += wgt * output.data[src * c + ch]!;
        this.weight[dst] += wgt;
      }
      for (let a = dims - 1; a >= 0; a--) {
        if (++pos[a]! < box[a]!) break;
        pos[a] = 0;
      }
    }
    this.added++;
  }

  /** The stitched image; throws if a tile was never added. */
  result(): Image {
    if (this.added < this.plan.tiles.length)
      throw new Error(`stitcher: ${this.added} of ${this.plan.tiles.length} tiles added`);
    const out = makeImage([...this.plan.imageShape, this.channels], this.sum);
    if (this.weight !== null) {
      const c = this.channels;
      for (let i = 0; i < this.weight.length; i++)
        for (let ch = 0; ch < c; ch++) out.data[i * c + ch] = this.sum[i * c + ch]! / this.weight[i]!;
    }
    return out;
  }
}

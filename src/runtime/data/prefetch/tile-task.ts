import type { AugmentSpec, BorderMode } from '../../../compiler/spec/pipeline-spec.js';
import { Dataset, type DatasetOptions } from '../dataset.js';
import type { SamplePair } from '../pair-sources.js';
import { Rng } from '../rng.js';
import { sampleTrainTile, type TrainTile, type TrainTileGeometry } from '../tiles/train-tiles.js';

/** Everything a data worker needs; plain data, so it crosses `workerData` unchanged. */
export interface TileJobConfig {
  readonly pairs: readonly SamplePair[];
  readonly dataset: DatasetOptions;
  readonly augment: AugmentSpec | null;
  readonly geometry: TrainTileGeometry;
  readonly border: BorderMode;
  readonly seed: number;
}

export interface TileResult {
  readonly draw: number;
  readonly id: string;
  readonly tile: TrainTile;
}

/**
 * Produces training tiles for draw numbers. The result of a draw depends only on
 * (seed, epoch, slot) — never on which thread computes it or what it computed before — which
 * is what makes runs reproducible across worker counts.
 */
export class TileMaker {
  private readonly dataset: Dataset;
  private orderEpoch = -1;
  private order: Int32Array = new Int32Array(0);

  constructor(private readonly config: TileJobConfig) {
    this.dataset = new Dataset(config.pairs, config.dataset);
  }

  async make(draw: number): Promise<TileResult> {
    const n = this.config.pairs.length;
    const epoch = Math.floor(draw / n);
    const slot = draw - epoch * n;
    if (epoch !== this.orderEpoch) {
      this.order = Rng.derive(this.config.seed, 'epoch-order', epoch).permutation(n);
      this.orderEpoch = epoch;
    }
    const index = this.order[slot]!;
    const sample = await this.dataset.load(index);
    const rng = Rng.derive(this.config.seed, 'tile', epoch, slot);
    const tile = sampleTrainTile(sample, this.config.geometry, this.config.augment, rng, this.config.border);
    return { draw, id: sample.id, tile };
  }
}

import type { BorderMode } from '../../compiler/spec/pipeline-spec.js';
import type { Dataset } from '../data/dataset.js';
import { Rng } from '../data/rng.js';
import { sampleTrainTile, type TrainTile, type TrainTileGeometry } from '../data/tiles/train-tiles.js';
import { dropChannelAxis } from './batch-source-adapter.js';
import type { HostBatch } from './host-batch.js';

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function toBatch(tiles: readonly TrainTile[]): HostBatch {
  const first = tiles[0]!;
  return {
    images: concat(tiles.map((t) => t.image.data)),
    imageShape: [tiles.length, ...first.image.shape],
    labels: concat(tiles.map((t) => t.label!.data)),
    labelShape: dropChannelAxis([tiles.length, ...first.label!.shape]),
    weights: first.weight ? concat(tiles.map((t) => t.weight!.data)) : null,
  };
}

/**
 * The fixed validation set: `tilesPerImage` un-augmented tiles per validation image, placed by a
 * stream derived from (seed, image, k) — the same tiles every epoch and after a resume, so
 * validation scores are comparable across epochs. Grouped into batches of `batch` tiles.
 */
export async function validationBatches(
  dataset: Dataset,
  geometry: TrainTileGeometry,
  border: BorderMode,
  seed: number,
  batch: number,
  tilesPerImage: number,
): Promise<HostBatch[]> {
  const tiles: TrainTile[] = [];
  for (let i = 0; i < dataset.size; i++) {
    const sample = await dataset.load(i);
    if (sample.label === null) continue;
    for (let k = 0; k < tilesPerImage; k++) {
      tiles.push(sampleTrainTile(sample, geometry, null, Rng.derive(seed, 'validation-tile', i, k), border));
    }
  }
  const batches: HostBatch[] = [];
  for (let i = 0; i < tiles.length; i += batch) batches.push(toBatch(tiles.slice(i, i + batch)));
  return batches;
}

/**
 * Writes the example's synthetic NIfTI data set in the Medical Segmentation Decathlon layout:
 * `imagesTr/`, `labelsTr/` (training pairs) and `imagesTs/` (held out, with `labelsTs/` truth for
 * `unetc eval`). Each volume holds one to three bright spheres (radius 5–9 mm) in Gaussian noise;
 * voxel sizes differ between cases (z 2.5–3.5 mm, in-plane 1–1.5 mm), so a net that ignored
 * spacing would see squashed, differently sized blobs. Deterministic for a given seed.
 *
 *   node --import tsx examples/nifti3d/make-data.ts [out-dir] [count]
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeImage } from '../../src/runtime/data/image.js';
import { Rng } from '../../src/runtime/data/rng.js';
import { writeNifti } from '../../src/runtime/data/write-nifti.js';

export interface BlobDataOptions {
  /** Training cases (imagesTr/labelsTr); the test set gets a third as many, at least 1. */
  readonly count?: number;
  readonly seed?: number;
}

async function writeCase(rng: Rng, images: string, labels: string, name: string): Promise<void> {
  const spacing = [2.5 + rng.next(), 1 + 0.5 * rng.next(), 0] as [number, number, number];
  spacing[2] = spacing[1];
  const extent = [36, 40, 40]; // mm, z y x
  const shape = extent.map((e, a) => Math.round(e / spacing[a]!)) as [number, number, number];
  const blobs = Array.from({ length: 1 + Math.floor(rng.next() * 3) }, () => ({
    centre: extent.map((e) => e * (0.25 + 0.5 * rng.next())),
    radius: 5 + 4 * rng.next(),
  }));
  const image = makeImage([...shape, 1]);
  const label = makeImage([...shape, 1]);
  let i = 0;
  for (let z = 0; z < shape[0]; z++)
    for (let y = 0; y < shape[1]; y++)
      for (let x = 0; x < shape[2]; x++, i++) {
        const mm = [(z + 0.5) * spacing[0], (y + 0.5) * spacing[1], (x + 0.5) * spacing[2]];
        const inside = blobs.some((b) => Math.hypot(...mm.map((v, a) => v - b.centre[a]!)) <= b.radius);
        label.data[i] = inside ? 1 : 0;
        image.data[i] = 100 + (inside ? 60 : 0) + 25 * rng.gaussian();
      }
  // Voxel-to-world: x, y, z columns scaled by the voxel size, origin somewhere in the scanner.
  const affine = [
    [spacing[2], 0, 0, -20],
    [0, spacing[1], 0, -20],
    [0, 0, spacing[0], -18],
    [0, 0, 0, 1],
  ];
  await writeNifti(join(images, `${name}.nii.gz`), image, { affine, dtype: 'int16' });
  await writeNifti(join(labels, `${name}.nii.gz`), label, { affine, dtype: 'uint8' });
}

export async function makeBlobData(dir: string, options: BlobDataOptions = {}): Promise<void> {
  const count = options.count ?? 12;
  const rng = Rng.fromSeed(options.seed ?? 7);
  for (let i = 0; i < count; i++)
    await writeCase(rng, join(dir, 'imagesTr'), join(dir, 'labelsTr'), `blob_${String(i).padStart(3, '0')}`);
  for (let i = 0; i < Math.max(1, Math.round(count / 3)); i++)
    await writeCase(rng, join(dir, 'imagesTs'), join(dir, 'labelsTs'), `blob_${String(100 + i)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await makeBlobData(process.argv[2] ?? join(import.meta.dirname, 'data'), {
    count: Number(process.argv[3] ?? 12),
  });
}

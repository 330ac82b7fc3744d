import { join } from 'node:path';
import type { DataSpec } from '../../compiler/spec/pipeline-spec.js';
import { makeImage, type Image } from '../data/image.js';
import { writePng } from '../data/write-png.js';
import { writeTiff } from '../data/write-tiff.js';
import type { NiftiGeometry } from '../data/read-nifti.js';
import { writeNifti } from '../data/write-nifti.js';

/** Class index → the mask value the spec's data.classes gives it (identity without a class map). */
export function classesToMaskValues(classes: Image, classMap: DataSpec['classMap'] | undefined): Image {
  const table = new Map((classMap ?? []).map((c) => [c.classIndex, c.value]));
  const out = makeImage(classes.shape);
  for (let i = 0; i < classes.data.length; i++) out.data[i] = table.get(classes.data[i]!) ?? classes.data[i]!;
  return out;
}

/** A file-name-safe class name. */
function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_');
}

export interface WrittenPrediction {
  readonly labels: string;
  readonly probabilities: readonly string[];
}

/**
 * Writes `<stem>.png` (2D) or `<stem>.tif` (3D stack): the label map in mask values (8-bit, or 16-bit
 * when a value exceeds 255). With `probabilities`, one map per class: 2D → `<stem>.prob-<class>.png`
 * (16-bit, 0–65535 = 0–1), 3D → `<stem>.prob-<class>.tif` (float32). A NIfTI input (`nifti`) gives
 * `<stem>.nii.gz` (uint8 or int16) and float32 `<stem>.prob-<class>.nii.gz`, each with the input's
 * header: same grid, affine, spacing and orientation.
 * `outDir` is the user's folder: each file is written atomically (a temp sibling renamed over the
 * target, so an old prediction survives a failed write whole) and nothing else in it is touched.
 */
export async function writePrediction(
  outDir: string,
  stem: string,
  probs: Image,
  labels: Image,
  data: DataSpec | null,
  probabilities: boolean,
  nifti: NiftiGeometry | null = null,
): Promise<WrittenPrediction> {
  const values = classesToMaskValues(labels, data?.classMap);
  const is3d = labels.shape.length === 4;
  let max = 0;
  for (const v of values.data) if (v > max) max = v;
  const bitDepth = max > 255 ? 16 : 8;
  const ext = nifti ? '.nii.gz' : is3d ? '.tif' : '.png';
  const labelPath = join(outDir, `${stem}${ext}`);
  if (nifti) await writeNifti(labelPath, values, { template: nifti, dtype: max > 255 ? 'int16' : 'uint8' });
  else if (is3d) await writeTiff(labelPath, values, { bitDepth });
  else await writePng(labelPath, values, { bitDepth });
  const written: string[] = [];
  if (probabilities) {
    const k = probs.shape[probs.shape.length - 1]!;
    const n = probs.data.length / k;
    for (let c = 0; c < k; c++) {
      // One sigmoid channel is the foreground's probability (class 1), not the background's.
      const classIndex = k === 1 ? 1 : c;
      const name = data?.classMap.find((e) => e.classIndex === classIndex)?.name ?? `class${classIndex}`;
      const map = makeImage([...probs.shape.slice(0, -1), 1]);
      for (let i = 0; i < n; i++) map.data[i] = probs.data[i * k + c]!;
      const path = join(outDir, `${stem}.prob-${safe(name)}${ext}`);
      if (nifti) await writeNifti(path, map, { template: nifti, dtype: 'float32' });
      else if (is3d) await writeTiff(path, map, { bitDepth: 32 });
      else await writePng(path, map, { bitDepth: 16, scale: 'unit' });
      written.push(path);
    }
  }
  return { labels: labelPath, probabilities: written };
}

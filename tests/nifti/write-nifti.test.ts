import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeImage } from '../../src/runtime/data/image.js';
import { readImage } from '../../src/runtime/data/read-image.js';
import { niftiGeometryOf } from '../../src/runtime/data/read-nifti.js';
import { writeNifti } from '../../src/runtime/data/write-nifti.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'nifti');
const PYTHON = process.env['UNETC_PYTHON'] ?? '/usr/bin/python3';

interface Loaded {
  readonly shape: number[];
  readonly affine: number[][];
  readonly dtype: string;
  readonly zooms: number[];
  readonly values: number[];
  readonly version: number;
}

/** What nibabel reads from a file: shape (x, y, z), best affine, stored dtype, zooms, values in z, y, x order. */
function nibabelLoad(path: string): Loaded {
  const script = `
import json, sys, nibabel as nib, numpy as np
img = nib.load(sys.argv[1])
data = np.asanyarray(img.dataobj, dtype=np.float64)
print(json.dumps({"shape": list(img.shape), "affine": img.affine.tolist(), "dtype": str(img.get_data_dtype()),
  "zooms": [float(z) for z in img.header.get_zooms()], "values": np.transpose(data, (2, 1, 0)).reshape(-1).tolist(),
  "version": 2 if isinstance(img, nib.Nifti2Image) else 1}))`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' })) as Loaded;
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'unetc-nifti-'));

describe('NIfTI writer, read back by nibabel', () => {
  for (const source of ['aniso_int16.nii', 'nifti2_aniso.nii.gz', 'bigendian_int16.nii']) {
    it(`a label map written with ${source}'s header keeps its version, affine and grid`, async () => {
      const input = await readImage(join(DIR, source));
      const geometry = niftiGeometryOf(input)!;
      const labels = makeImage(
        input.shape,
        Float32Array.from(input.data, (v) => Math.round(v) % 4),
      );
      const out = join(tmp(), 'pred.nii.gz');
      await writeNifti(out, labels, { template: geometry, dtype: 'uint8' });
      const back = nibabelLoad(out);
      const original = nibabelLoad(join(DIR, source));
      expect(back.version).toBe(original.version);
      expect(back.shape).toEqual(original.shape);
      expect(back.affine).toEqual(original.affine);
      expect(back.zooms).toEqual(original.zooms);
      expect(back.dtype).toBe('uint8');
      expect(back.values).toEqual(Array.from(labels.data));
    });
  }

  it('a fresh header carries the given affine; integer types round and clamp', async () => {
    const affine = [
      [0, 0, 3, 1],
      [0, 0.5, 0, 2],
      [-0.7, 0, 0, 3],
      [0, 0, 0, 1],
    ];
    const image = makeImage(
      [2, 3, 4, 1],
      Float32Array.from({ length: 24 }, (_, i) => i * 20.4 - 100),
    );
    for (const dtype of ['uint8', 'int16', 'int32', 'float32', 'float64'] as const) {
      const out = join(tmp(), `fresh_${dtype}.nii`);
      await writeNifti(out, image, { affine, dtype });
      const back = nibabelLoad(out);
      expect(back.shape).toEqual([4, 3, 2]);
      back.affine.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(affine[r]![c]!, 6)));
      expect(back.dtype).toBe(dtype);
      const expected = Array.from(image.data, (v) =>
        dtype === 'uint8'
          ? Math.min(255, Math.max(0, Math.round(v)))
          : dtype.startsWith('int')
            ? Math.round(v)
            : v,
      );
      back.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
      const reread = await readImage(out);
      expect(Array.from(reread.data)).toEqual(back.values.map((v) => Math.fround(v)));
    }
  });
});

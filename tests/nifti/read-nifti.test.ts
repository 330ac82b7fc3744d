import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/runtime/data/data-error.js';
import { readImage } from '../../src/runtime/data/read-image.js';
import { niftiGeometryOf } from '../../src/runtime/data/read-nifti.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'nifti');

interface Expected {
  readonly file: string;
  readonly shape: number[];
  readonly spacing: number[];
  readonly affine: number[][];
  readonly dtype: string;
  readonly values: number[];
}

const expected = (JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as { files: Expected[] })
  .files;

describe('NIfTI reader against files nibabel wrote', () => {
  it('covers every dtype, .nii and .nii.gz, NIfTI-2, qform-only and scaled files', () => {
    const names = expected.map((e) => e.file);
    for (const t of ['uint8', 'int16', 'int32', 'float32', 'float64'])
      expect(names).toEqual(expect.arrayContaining([`ramp_${t}.nii`, `ramp_${t}.nii.gz`]));
    expect(names).toEqual(
      expect.arrayContaining(['nifti2_aniso.nii.gz', 'qform_only.nii', 'scaled_int16.nii.gz']),
    );
  });

  for (const e of expected) {
    it(`${e.file}: shape, spacing, affine and values equal nibabel's`, async () => {
      const image = await readImage(join(DIR, e.file));
      expect(image.shape).toEqual([...e.shape, 1]);
      const geometry = niftiGeometryOf(image)!;
      geometry.spacing.forEach((s, i) => expect(s).toBeCloseTo(e.spacing[i]!, 5));
      geometry.affine.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(e.affine[r]![c]!, 4)));
      expect(image.data.length).toBe(e.values.length);
      e.values.forEach((v, i) => expect(image.data[i]).toBeCloseTo(v, 3));
    });
  }

  it('reads the NIfTI-2 header as version 2 and the others as version 1', async () => {
    expect(niftiGeometryOf(await readImage(join(DIR, 'nifti2_aniso.nii.gz')))!.header.version).toBe(2);
    expect(niftiGeometryOf(await readImage(join(DIR, 'ramp_int16.nii')))!.header.version).toBe(1);
  });
});

describe('NIfTI bad input: one line naming the file', () => {
  const cases: [string, RegExp][] = [
    ['truncated.nii.gz', /truncated\.nii\.gz: truncated or corrupt \.nii\.gz/],
    ['series_4d.nii.gz', /series_4d\.nii\.gz: 4D image \(6×5×4×3\) but a 3D volume is expected/],
    ['complex64.nii', /complex64\.nii: NIfTI data type complex64 is unsupported/],
  ];
  for (const [file, message] of cases) {
    it(file, async () => {
      const error = await readImage(join(DIR, file)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    });
  }

  it('a .nii cut short inside the voxel data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unetc-nifti-short-'));
    const path = join(dir, 'short.nii');
    writeFileSync(path, readFileSync(join(DIR, 'ramp_float32.nii')).subarray(0, 500));
    await expect(readImage(path)).rejects.toThrow(
      /short\.nii: truncated NIfTI \(voxel data needs bytes 352–832, file has 500\)/,
    );
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBlobData } from '../../examples/nifti3d/make-data.js';
import { decodeEvents } from '../support/tensorboard-events.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PYTHON = process.env['UNETC_PYTHON'] ?? '/usr/bin/python3';

/** nibabel's view of a file: best affine, shape, zooms. */
function nibabelGeometry(path: string): { affine: number[][]; shape: number[]; zooms: number[] } {
  const script = `
import json, sys, nibabel as nib
img = nib.load(sys.argv[1])
print(json.dumps({"affine": img.affine.tolist(), "shape": list(img.shape), "zooms": [float(z) for z in img.header.get_zooms()]}))`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' })) as ReturnType<
    typeof nibabelGeometry
  >;
}

describe('examples/nifti3d end to end (tiny)', () => {
  it('trains, predicts and evaluates from NIfTI, spacing-aware, with TensorBoard logs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unetc-nifti3d-'));
    const data = join(dir, 'data');
    const out = join(dir, 'run');
    await makeBlobData(data, { count: 4, seed: 3 });
    const log = execFileSync('bash', [join(ROOT, 'examples', 'nifti3d', 'run.sh'), 'quick'], {
      encoding: 'utf8',
      env: { ...process.env, UNETC_NIFTI3D_DATA: data, UNETC_NIFTI3D_OUT: out, UNETC_NIFTI3D_STEPS: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(log).toContain('Predictions:');

    // Each prediction opens in nibabel on its input's grid: same affine, shape and voxel sizes.
    const inputs = readdirSync(join(data, 'imagesTs'));
    expect(inputs.length).toBeGreaterThan(0);
    for (const name of inputs) {
      const input = nibabelGeometry(join(data, 'imagesTs', name));
      const predicted = nibabelGeometry(join(out, 'predictions', name));
      expect(predicted.affine).toEqual(input.affine);
      expect(predicted.shape).toEqual(input.shape);
      expect(predicted.zooms).toEqual(input.zooms);
      expect(existsSync(join(out, 'predictions', name.replace('.nii.gz', '.prob-blob.nii.gz')))).toBe(true);
    }

    const scores = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')) as { images: unknown[] };
    expect(scores.images).toHaveLength(inputs.length);

    const [events] = readdirSync(join(out, 'tb'));
    const decoded = decodeEvents(join(out, 'tb', events!));
    const losses = decoded.flatMap((e) => (e.values ?? []).filter((v) => v.tag === 'train/loss'));
    expect(losses).toHaveLength(3);
    expect(decoded.some((e) => e.values?.some((v) => v.tag === 'val/dice'))).toBe(true);
  }, 240_000);
});

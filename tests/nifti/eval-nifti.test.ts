import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'nifti');

function layout(pred: string): { pred: string; truth: string } {
  const root = mkdtempSync(join(tmpdir(), 'unetc-eval-nifti-'));
  for (const d of ['pred', 'truth']) mkdirSync(join(root, d));
  copyFileSync(join(DIR, 'aniso_labels.nii.gz'), join(root, 'truth', 'case.nii.gz'));
  copyFileSync(join(DIR, pred), join(root, 'pred', 'case.nii.gz'));
  return { pred: join(root, 'pred'), truth: join(root, 'truth', '*.nii.gz') };
}

describe('unetc eval on NIfTI label maps', () => {
  it('scores a volume against its truth (pairs case.nii.gz by stem)', async () => {
    const { pred, truth } = layout('aniso_labels.nii.gz');
    const result = await runCli([
      'eval',
      '--pred',
      pred,
      '--truth',
      truth,
      '--classes',
      'a=0,b=1,c=2',
      '--volumes',
      '3d',
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^case\s+0\.0000/m);
  });

  it('a prediction on another voxel grid is one line naming both files', async () => {
    const { pred, truth } = layout('shifted_labels.nii.gz');
    const result = await runCli(['eval', '--pred', pred, '--truth', truth, '--classes', 'a=0,b=1,c=2']);
    expect(result.code).not.toBe(0);
    expect(result.err).toMatch(
      /affine mismatch: .*pred\/case\.nii\.gz has \[.*\] but .*truth\/case\.nii\.gz has \[.*\]/,
    );
    expect(result.err.trim().split('\n')).toHaveLength(1);
  });
});

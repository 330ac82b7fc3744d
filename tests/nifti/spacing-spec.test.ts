import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { codes, frontEnd } from '../spec/helpers.js';

const spec = (spacing: string): string => `name: "s"
network { input: 16 x 16 x 16 x 1, classes: 2, depth: 2, filters: 4, block { padding: same } }
data { images: "i/*.nii.gz", masks: "m/*.nii.gz", spacing: ${spacing} }
train { loss: ce }
`;

describe('data.spacing', () => {
  it('normalises to one voxel size per spatial axis (z, y, x); absent means none', () => {
    expect(frontEnd(spec('[3, 1.5, 1.5]')).spec!.data!.spacing).toEqual([3, 1.5, 1.5]);
    expect(frontEnd(spec('none')).spec!.data!).not.toHaveProperty('spacing');
  });

  it('a spacing with the wrong number of axes is WrongLength', () => {
    const result = frontEnd(spec('[2, 2]'));
    expect(codes(result)).toEqual(['UNC2006']);
    expect(result.spec?.data?.spacing).toBeUndefined();
  });

  it('check accepts a valid spacing and refuses a non-positive one with the key named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unetc-spacing-'));
    writeFileSync(join(dir, 'ok.unet'), spec('[2, 2, 2]'));
    writeFileSync(join(dir, 'bad.unet'), spec('[0, 2, 2]'));
    expect((await runCli(['check', join(dir, 'ok.unet')])).code).toBe(0);
    const bad = await runCli(['check', join(dir, 'bad.unet')]);
    expect(bad.code).toBe(1);
    expect(bad.out + bad.err).toContain('spacing');
  });
});

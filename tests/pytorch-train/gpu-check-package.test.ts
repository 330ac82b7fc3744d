import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/compiler/emit/targets/index.js';
import { compileSource } from '../../src/compiler/pipeline.js';

const root = resolve(import.meta.dirname, '../..');
const spec = join(root, 'examples/isbi2012/isbi.unet');

describe('gpu-check/ (what scripts/gpu-check.sh runs on the GPU machine)', () => {
  it('holds the package the compiler makes now (else: bash scripts/prepare-gpu-check.sh)', async () => {
    const model = compileSource(readFileSync(spec, 'utf8'), spec).model!;
    const { files } = await (await loadTarget('pytorch')).emit(model, {});
    const expected = files.filter((f) => f.name !== 'weights.safetensors');
    const pkg = join(root, 'gpu-check/pkg');
    expect(readdirSync(pkg).sort()).toEqual(expected.map((f) => f.name).sort());
    for (const file of expected) {
      expect(
        readFileSync(join(pkg, file.name), 'utf8'),
        `${file.name} is stale: bash scripts/prepare-gpu-check.sh`,
      ).toBe(typeof file.content === 'string' ? file.content : Buffer.from(file.content).toString('utf8'));
    }
    const sources = JSON.parse(readFileSync(join(root, 'gpu-check/sources.json'), 'utf8')) as {
      train: { image: string; mask: string }[];
    };
    for (const pair of sources.train) readFileSync(join(root, 'gpu-check', pair.mask));
  });
});

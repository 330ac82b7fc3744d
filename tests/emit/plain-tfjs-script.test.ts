import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import { compileSource } from '../../src/compiler/pipeline.js';

const root = mkdtempSync(path.join(tmpdir(), 'unetc-script-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const repo = path.resolve(import.meta.dirname, '../..');

const TINY = `
name: "tiny2015"
network {
  input: 60 x 60 x 1, classes: 2, depth: 2, filters: 2
  block { convs: 2, kernel: 3, padding: valid, activation: relu }
  down: maxpool(2), up: transpose(kernel: 2, stride: 2), skip: crop_concat, head: softmax
  bottleneck { dropout: 0.5 }
}
`;

it('a ten-line script with only @tensorflow/tfjs loads a compiled model and fits it (separate process, no unetc code)', async () => {
  const result = compileSource(TINY, 'tiny2015.unet');
  if (!result.model) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const dir = path.join(root, 'tiny');
  await writeCompiled(result.model, dir);
  const run = spawnSync(
    process.execPath,
    [path.join(import.meta.dirname, 'fixtures/load-and-fit.mjs'), dir],
    {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(run.status, run.stderr).toBe(0);
  const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { params: number; loss: number[] };
  expect(out.params).toBe(result.model.summary.params);
  expect(out.loss).toHaveLength(2);
  expect(out.loss.every(Number.isFinite)).toBe(true);
});

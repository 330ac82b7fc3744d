import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeCompiled } from '../../../src/compiler/emit/write-compiled.js';
import { compileSource } from '../../../src/compiler/pipeline.js';
import { loadCompiled } from '../../../src/runtime/model/load-compiled.js';

let out = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  out = await mkdtemp(path.join(tmpdir(), 'unetc-2015-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

it('specs/unet2015.unet compiles to files that load as the paper network (31,030,658 params, 572 → 388)', async () => {
  const file = path.resolve(import.meta.dirname, '../../../specs/unet2015.unet');
  const { model } = compileSource(await readFile(file, 'utf8'), file);
  if (!model) throw new Error('unet2015.unet did not check');
  const dir = path.join(out, 'unet2015');
  await writeCompiled(model, dir);
  expect((await stat(path.join(dir, 'group1-shard1of1.bin'))).size).toBe(31_030_658 * 4);
  const { model: net, plan } = await loadCompiled(dir);
  expect(net.countParams()).toBe(31_030_658);
  expect(net.outputs[0]?.shape).toEqual([null, 388, 388, 2]);
  expect(plan.summary.convLayers).toBe(23);
  // The paper's init: N(0, √(2/N)), N = 9·64 = 576 for a 3×3 conv over 64 channels → std ≈ 0.0589.
  const kernel = net.getLayer('enc0_conv2').getWeights()[0];
  const std = kernel ? tf.moments(kernel).variance.sqrt().dataSync()[0] : NaN;
  expect(std).toBeCloseTo(Math.sqrt(2 / 576), 3);
  net.dispose();
});

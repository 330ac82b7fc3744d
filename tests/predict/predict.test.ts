import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { selectBackend } from '../../src/runtime/backend/select-backend.js';
import { makeImage, type Image } from '../../src/runtime/data/image.js';
import { extractWindow } from '../../src/runtime/data/tiles/window.js';
import { loadCompiled } from '../../src/runtime/model/load-compiled.js';
import { loadPredictor } from '../../src/runtime/predict/load-predictor.js';
import { retiledPredictor } from '../../src/runtime/predict/retile.js';
import type { TfjsTileRunner } from '../../src/runtime/predict/tfjs-runner.js';
import { predictImage } from '../../src/runtime/predict/predict-image.js';
import {
  alignedTiling,
  predictorFromPlan,
  predictTiled,
  type Predictor,
} from '../../src/runtime/predict/predict-tiled.js';

const spec = (name: string, input: number, convs: number, padding: 'same' | 'valid', skip: string) => `
name: "${name}"
network {
  input: ${input} x ${input} x 1
  classes: 2
  depth: 2
  filters: 4
  block { convs: ${convs}, kernel: 3, padding: ${padding}, activation: relu }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: ${skip}
  head: softmax
}`;

function compile(text: string, inputSize?: number[]) {
  const result = compileSource(text, 'test.unet', inputSize ? { inputSize } : {});
  if (!result.model) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.model;
}

/** A compiled tile model (marked as trained), and a whole-image model with the same weights. */
async function models(text: string, whole: number[]): Promise<{ tiled: Predictor; direct: Predictor }> {
  const dir = mkdtempSync(join(tmpdir(), 'unetc-predict-'));
  await writeCompiled(compile(text), join(dir, 'tile'), { seed: 3, weightsFrom: 'test' });
  const tiled = await loadPredictor({ modelDir: join(dir, 'tile'), checked: null, specPath: 'test.unet' });
  const weights = tiled.runner.weights();
  await writeCompiled(compile(text, whole), join(dir, 'whole'), { seed: 3, weights, weightsFrom: 'tile' });
  const loaded = await loadCompiled(join(dir, 'whole'));
  return { tiled, direct: predictorFromPlan(loaded.model, loaded.plan) };
}

/** A smooth image with structure everywhere (so wrong context shows up in the output). */
function testImage(height: number, width: number): Image {
  const image = makeImage([height, width, 1]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      image.data[y * width + x] = Math.sin(x / 5) * Math.cos(y / 7) + ((x * 7 + y * 13) % 11) / 11;
  }
  return image;
}

/** One forward pass of the whole input, no tiling. */
async function forwardWhole(p: Predictor, input: Image): Promise<Image> {
  const model = (p.runner as TfjsTileRunner).model;
  const out = tf.tidy(() => model.predict(tf.tensor(input.data, [1, ...input.shape])) as tf.Tensor);
  const result = makeImage(out.shape.slice(1) as number[], (await out.data()) as Float32Array);
  out.dispose();
  return result;
}

function maxDifference(a: Image, b: Image): number {
  expect(a.shape).toEqual(b.shape);
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
  return max;
}

describe('alignedTiling', () => {
  it('puts every tile origin on the size grid', () => {
    // Paper net: output 388, modulus 16 → overlap 4 (stride 384), 512 → 516 so the last tile starts at 128.
    expect(alignedTiling([512], [388], [0], [16])).toEqual({ shape: [516], overlap: [4] });
    expect(alignedTiling([300], [388], [0], [16])).toEqual({ shape: [300], overlap: [0] });
    expect(alignedTiling([100, 90], [64, 64], [32, 32], [4, 4])).toEqual({
      shape: [100, 92],
      overlap: [32, 32],
    });
  });
});

describe('overlap-tile prediction', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('same padding: tiles of a 100×90 image equal one whole-image forward pass', async () => {
    // Whole-image net at 100×92 (90 is not a multiple of 4); the tiles see the same mirrored column.
    const { tiled, direct } = await models(spec('same', 64, 1, 'same', 'concat'), [100, 92]);
    const image = testImage(100, 90);
    const options = { border: 'mirror' as const, overlap: [32, 32], blend: 'none' as const, batch: 3 };
    const probs = await predictTiled(tiled, image, options);
    expect(probs.shape).toEqual([100, 90, 2]);
    const whole = await forwardWhole(direct, extractWindow(image, [0, 0], [100, 92]));
    expect(maxDifference(probs, extractWindow(whole, [0, 0], [100, 90]))).toBeLessThan(1e-4);
    tiled.runner.dispose();
    direct.runner.dispose();
  });

  it('valid padding: tiles of a 100×90 image equal a forward pass over the mirror-padded image', async () => {
    // Tile 60 → 20 (20 px context per side). Aligned size 100×92 → whole input 140×132.
    const { tiled, direct } = await models(spec('valid', 60, 2, 'valid', 'crop_concat'), [140, 132]);
    const image = testImage(100, 90);
    const probs = await predictImage(tiled, image, {
      border: 'mirror',
      overlap: [0, 0],
      blend: 'none',
      batch: 4,
      tta: 'none',
    });
    expect(probs.shape).toEqual([100, 90, 2]);
    const padded = extractWindow(image, [-20, -20], [140, 132], 'mirror');
    const whole = await forwardWhole(direct, padded);
    expect(whole.shape).toEqual([100, 92, 2]);
    expect(maxDifference(probs, extractWindow(whole, [0, 0], [100, 90]))).toBeLessThan(1e-4);
    // Probabilities sum to one everywhere.
    for (let i = 0; i < probs.data.length; i += 2)
      expect(probs.data[i]! + probs.data[i + 1]!).toBeCloseTo(1, 5);
    tiled.runner.dispose();
    direct.runner.dispose();
  });

  it('test-time augmentation returns image-sized averages', async () => {
    const { tiled, direct } = await models(spec('tta', 60, 2, 'valid', 'crop_concat'), [60, 60]);
    const image = testImage(37, 23);
    const plain = await predictImage(tiled, image, {
      border: 'mirror',
      overlap: [0, 0],
      blend: 'none',
      batch: 2,
      tta: 'none',
    });
    const d4 = await predictImage(tiled, image, {
      border: 'mirror',
      overlap: [0, 0],
      blend: 'none',
      batch: 2,
      tta: 'd4',
    });
    expect(d4.shape).toEqual([37, 23, 2]);
    expect(maxDifference(plain, d4)).toBeGreaterThan(1e-4);
    // A volume through a 2D model: slice by slice.
    const volume = makeImage([2, 37, 23, 1]);
    volume.data.set(image.data, 0);
    volume.data.set(image.data, image.data.length);
    const stack = await predictImage(tiled, volume, {
      border: 'mirror',
      overlap: [0, 0],
      blend: 'none',
      batch: 2,
      tta: 'none',
    });
    expect(stack.shape).toEqual([2, 37, 23, 2]);
    expect(maxDifference(makeImage([37, 23, 2], stack.data.slice(plain.data.length)), plain)).toBeLessThan(
      1e-6,
    );
    tiled.runner.dispose();
    direct.runner.dispose();
  });

  it('3D volumes: tiles of a 16×21×18 volume equal a whole-volume forward pass', async () => {
    const text = `
name: "tiny3d"
network {
  input: 16 x 16 x 16 x 1
  classes: 2
  depth: 1
  filters: 2
  block { convs: 1, kernel: 3, padding: same, activation: relu }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: concat
  head: softmax
}`;
    const { tiled, direct } = await models(text, [16, 22, 18]);
    const volume = makeImage([16, 21, 18, 1]);
    for (let i = 0; i < volume.data.length; i++) volume.data[i] = Math.sin(i / 17) + ((i * 7) % 5) / 5;
    const probs = await predictImage(tiled, volume, {
      border: 'mirror',
      overlap: [0, 12, 12],
      blend: 'none',
      batch: 2,
      tta: 'none',
    });
    expect(probs.shape).toEqual([16, 21, 18, 2]);
    const whole = await forwardWhole(direct, extractWindow(volume, [0, 0, 0], [16, 22, 18]));
    expect(maxDifference(probs, extractWindow(whole, [0, 0, 0], [16, 21, 18]))).toBeLessThan(1e-4);
    tiled.runner.dispose();
    direct.runner.dispose();
  });

  it('a larger tile (same weights) gives the same prediction; a tile the net rejects is a clear error', async () => {
    const { tiled, direct } = await models(spec('retile', 60, 2, 'valid', 'crop_concat'), [60, 60]);
    direct.runner.dispose();
    const image = testImage(100, 90);
    const options = {
      border: 'mirror' as const,
      overlap: [0, 0],
      blend: 'none' as const,
      batch: 2,
      tta: 'none' as const,
    };
    const small = await predictImage(tiled, image, options);
    await expect(retiledPredictor(tiled, [61, 61])).rejects.toThrow(/tile 61×61 does not fit this network/);
    const big = await retiledPredictor(tiled, [92, 92]);
    expect(big.input).toEqual([92, 92]);
    expect(maxDifference(await predictImage(big, image, options), small)).toBeLessThan(1e-4);
    big.runner.dispose();
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCompiled } from '../../src/compiler/emit/write-compiled.js';
import { compileSource } from '../../src/compiler/pipeline.js';
import { runCli as run } from '../support/run-cli.js';

const specText = `
name: "tiny"
network {
  input: 60 x 60 x 1
  classes: 2
  depth: 2
  filters: 4
  block { convs: 2, kernel: 3, padding: valid, activation: relu }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: crop_concat
  head: softmax
}
data {
  images: "img/*.png"
  masks: "lab/*.png"
  classes { membrane: 0, cell: 255 }
  normalize: range(0, 255)
}`;

function png(
  path: string,
  width: number,
  height: number,
  channels: number,
  value: (x: number, y: number) => number,
): void {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = value(x, y);
  writeFileSync(path, encode({ width, height, data, channels, depth: 8 }));
}

describe('unetc predict / eval --model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unetc-predict-cli-'));
  const spec = join(dir, 'tiny.unet');
  beforeAll(async () => {
    writeFileSync(spec, specText);
    const model = compileSource(specText, spec).model!;
    await writeCompiled(model, join(dir, 'fresh'), { seed: 1 });
    await writeCompiled(model, join(dir, 'run', 'model'), { seed: 1, weightsFrom: 'a run' });
    mkdirSync(join(dir, 'img'));
    mkdirSync(join(dir, 'lab'));
    png(join(dir, 'img', 'a.png'), 45, 30, 1, (x, y) => (x * 5 + y * 3) % 256);
    png(join(dir, 'lab', 'a.png'), 45, 30, 1, (x) => (x % 10 < 2 ? 0 : 255));
    png(join(dir, 'rgb.png'), 20, 20, 3, () => 9);
  });

  it('writes full-size label maps in mask values, and probability maps', async () => {
    const r = await run([
      'predict',
      spec,
      '--weights',
      join(dir, 'run'),
      join(dir, 'img'),
      '--out',
      join(dir, 'out'),
      '--backend',
      'cpu',
      '--probabilities',
      '--tta',
      'flips',
    ]);
    expect(r.err).toContain('a.png (30×45)');
    expect(r.code).toBe(0);
    const labels = decode(readFileSync(join(dir, 'out', 'a.png')));
    expect([labels.width, labels.height, labels.channels]).toEqual([45, 30, 1]);
    expect([...new Set(labels.data)].every((v) => v === 0 || v === 255)).toBe(true);
    const prob = decode(readFileSync(join(dir, 'out', 'a.prob-cell.png')));
    expect([prob.width, prob.height, prob.depth]).toEqual([45, 30, 16]);
    expect(existsSync(join(dir, 'out', 'a.prob-membrane.png'))).toBe(true);
  });

  it('scores a model directly on images (--model --images --truth)', async () => {
    const r = await run([
      'eval',
      '--model',
      join(dir, 'run'),
      '--images',
      join(dir, 'img'),
      '--truth',
      join(dir, 'lab'),
      '--format',
      'json',
      '--backend',
      'cpu',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      classes: { name: string }[];
      images: { name: string; pixelError: number }[];
    };
    expect(report.classes.map((c) => c.name)).toEqual(['membrane', 'cell']);
    expect(report.images[0]!.name).toBe('a');
    expect(report.images[0]!.pixelError).toBeGreaterThanOrEqual(0);
  });

  it('fails early, on one line: fresh weights, no weights, wrong channels, --out a file', async () => {
    let r = await run([
      'predict',
      join(dir, 'fresh'),
      join(dir, 'img'),
      '--out',
      join(dir, 'o2'),
      '--backend',
      'cpu',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^unetc: .*fresh holds freshly initialised weights.*--weights/);
    r = await run(['predict', spec, join(dir, 'img'), '--out', join(dir, 'o2'), '--backend', 'cpu']);
    expect(r.err).toMatch(/^unetc: no weights: pass --weights/);
    r = await run([
      'predict',
      join(dir, 'run'),
      join(dir, 'rgb.png'),
      '--out',
      join(dir, 'o2'),
      '--backend',
      'cpu',
    ]);
    expect(r.err).toMatch(/^unetc: .*rgb\.png has 3 channels but the network's input has 1/);
    writeFileSync(join(dir, 'file'), 'x');
    r = await run([
      'predict',
      join(dir, 'run'),
      join(dir, 'img'),
      '--out',
      join(dir, 'file'),
      '--backend',
      'cpu',
    ]);
    expect(r.err).toMatch(/^unetc: --out .*file is a file/);
    r = await run(['predict', join(dir, 'run'), join(dir, 'missing.png'), '--out', join(dir, 'o2')]);
    expect(r.err).toMatch(/^unetc: image '.*missing\.png' does not exist/);
    for (const line of [r.err]) expect(line.trim().split('\n')).toHaveLength(1);
  });
});

import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCompiled } from '../../../src/compiler/emit/write-compiled.js';
import { compileSource } from '../../../src/compiler/pipeline.js';
import { loadCompiled } from '../../../src/runtime/model/load-compiled.js';
import { runCli as run } from '../../support/run-cli.js';
import { maxAbsDiff, pseudoRandom } from './onnx-fixtures.js';

const specText = (filters: number) => `
name: "tiny"
network {
  input: 20 x 20 x 1
  classes: 2
  depth: 2
  filters: ${filters}
  block { padding: same, norm: batch }
  skip: concat
}
data { images: "i/*.png", masks: "m/*.png", classes { membrane: 0, cell: 255 } }`;

describe('unetc export --format onnx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unetc-export-'));
  const run4 = join(dir, 'run4');
  beforeAll(async () => {
    await tf.setBackend('cpu');
    writeFileSync(join(dir, 'tiny4.unet'), specText(4));
    writeFileSync(join(dir, 'tiny6.unet'), specText(6));
    await writeCompiled(compileSource(specText(4), 'tiny4.unet').model!, join(run4, 'model'), {
      seed: 9,
      weightsFrom: 'a run',
    });
  });

  it('writes the run’s weights: onnxruntime on the file equals tfjs on the run (≤ 1e-5), class names in metadata', async () => {
    const file = join(dir, 'out', 'tiny.onnx');
    const r = await run(['export', run4, '--format', 'onnx', '-o', file]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/exported .* → .*tiny\.onnx \(ONNX opset 17/);
    const session = await ort.InferenceSession.create(readFileSync(file));
    expect(session.inputNames).toEqual(['input']);
    expect(session.outputNames).toEqual(['main']);
    const x = pseudoRandom(2 * 20 * 20, 11);
    const got = await session.run({ input: new ort.Tensor('float32', x, [2, 20, 20, 1]) });
    const { model } = await loadCompiled(join(run4, 'model'));
    const want = (model.predict(tf.tensor(x, [2, 20, 20, 1])) as tf.Tensor).dataSync();
    expect(got['main']!.dims).toEqual([2, 20, 20, 2]);
    expect(maxAbsDiff(got['main']!.data as Float32Array, want)).toBeLessThanOrEqual(1e-5);
    const text = readFileSync(file).toString('latin1');
    expect(text).toContain('["membrane","cell"]');
    expect(text).toContain('NHWC');
    await session.release();
  });

  it('-o <directory> receives model.onnx; compile --target onnx writes one too', async () => {
    expect((await run(['export', run4, '-o', join(dir, 'deploy')])).code).toBe(0);
    expect(existsSync(join(dir, 'deploy', 'model.onnx'))).toBe(true);
    const c = await run([
      'compile',
      join(dir, 'tiny4.unet'),
      '--target',
      'onnx',
      '-o',
      join(dir, 'compiled'),
    ]);
    expect(c.code, c.err).toBe(0);
    expect(readdirSync(join(dir, 'compiled')).sort()).toEqual(['.unetc-output.json', 'model.onnx']);
    expect(c.out).toContain("note: model.onnx: opset 17, input 'input' [N, H, W, C]");
  });

  it('weights that do not match the spec: one line, exit 2, nothing written', async () => {
    const out = join(dir, 'bad1.onnx');
    const r = await run(['export', run4, '--spec', join(dir, 'tiny6.unet'), '-o', out]);
    expect(r.code).toBe(2);
    // The spec's own warnings come first (as in predict); the error is one line.
    expect(r.err.split('\n').filter((l) => l.startsWith('unetc:'))).toHaveLength(1);
    expect(r.err.trim().split('\n').at(-1)).toMatch(
      /^unetc: the weights in .* belong to a different network than the spec/,
    );
    // A weight file cut short.
    const cut = join(dir, 'cut');
    await writeCompiled(compileSource(specText(4), 'tiny4.unet').model!, cut, { seed: 1, weightsFrom: 'x' });
    const bin = readdirSync(cut).find((f) => f.endsWith('.bin'))!;
    writeFileSync(join(cut, bin), readFileSync(join(cut, bin)).subarray(0, 100));
    const t = await run(['export', cut, '-o', out]);
    expect(t.code).toBe(2);
    expect(t.err).toMatch(
      /^unetc: .*model\.json: its weight files \(.*\) hold 100 bytes, its manifest needs \d+/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('an output path of the wrong kind: one line, exit 2', async () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    const f = await run(['export', run4, '-o', join(dir, 'a-file')]);
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/^unetc: -o .*a-file is a file; give a directory/);
    mkdirSync(join(dir, 'dir.onnx'));
    const d = await run(['export', run4, '-o', join(dir, 'dir.onnx')]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/^unetc: -o .*dir\.onnx is a directory/);
    const m = await run(['export', join(dir, 'tiny4.unet'), '-o', join(dir, 'x.onnx')]);
    expect(m.err).toMatch(/tiny4\.unet is a file; pass a training run or a compiled model directory/);
  });

  it('a layer with no ONNX form: names it and why, exit 1, nothing written', async () => {
    const odd = join(dir, 'odd');
    await writeCompiled(compileSource(specText(4), 'tiny4.unet').model!, odd, { seed: 1, weightsFrom: 'x' });
    const plan = JSON.parse(readFileSync(join(odd, 'plan.json'), 'utf8')) as {
      graph: { nodes: { id: string; attrs: { op: string } }[] };
    };
    const node = plan.graph.nodes.find((n) => n.attrs.op === 'max_pool')!;
    node.attrs.op = 'fractional_max_pool';
    writeFileSync(join(odd, 'plan.json'), JSON.stringify(plan));
    const out = join(dir, 'odd.onnx');
    const r = await run(['export', odd, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      `unetc: ${odd}: layer '${node.id}' cannot be exported to ONNX: op 'fractional_max_pool' has no ONNX equivalent in unetc`,
    );
    expect(existsSync(out)).toBe(false);
  });
});

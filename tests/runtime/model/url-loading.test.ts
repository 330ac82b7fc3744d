import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeCompiled } from '../../../src/compiler/emit/write-compiled.js';
import { plainUnet } from '../../emit/fixtures/ir-builder.js';

const root = mkdtempSync(path.join(tmpdir(), 'unetc-url-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('loads through tfjs’ URL loader (model.json + weight paths relative to it), as file:// and http:// do', async () => {
  const model = plainUnet({ size: 44, depth: 2, filters: 2, padding: 'valid' });
  const dir = path.join(root, 'served');
  await writeCompiled(model, dir);
  const requested: string[] = [];
  // A fetch that serves the compiled directory, standing in for a static web server or tfjs-node's file handler.
  const fetchFunc = async (input: string | URL | Request): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const name = new URL(url).pathname.split('/').pop() ?? '';
    requested.push(name);
    return new Response(readFileSync(path.join(dir, name)), { status: 200 });
  };
  const net = await tf.loadLayersModel('http://models.example/unet/model.json', { fetchFunc });
  expect(requested).toEqual(['model.json', 'group1-shard1of1.bin']);
  expect(net.countParams()).toBe(model.summary.params);
  expect(net.outputs[0]?.shape).toEqual([null, 4, 4, 2]);
  net.dispose();
});

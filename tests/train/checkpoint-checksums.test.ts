import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/common/user-error.js';
import { newestGoodCheckpoint, saveCheckpoint } from '../../src/runtime/train/checkpoint.js';
import { initialState } from '../../src/runtime/train/train-state.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unetc-ckpt-sums-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function saveSteps(dir: string, steps: readonly number[]): Promise<void> {
  for (const step of steps) {
    await saveCheckpoint(
      dir,
      {
        state: { ...initialState(1), step },
        weights: [{ name: 'w', shape: [4], values: Float32Array.from([step, 1, 2, 3]) }],
        optimizer: { kind: 'sgd', updates: step, slots: [] },
      },
      3,
    );
  }
}

describe('checkpoint checksums', () => {
  it('a bit flipped in the newest checkpoint (same size) is caught; the one before is used, and said so', async () => {
    const dir = join(root, 'flip');
    await saveSteps(dir, [2, 4]);
    const file = join(dir, 'step-00000004', 'weights.bin');
    const bytes = await readFile(file);
    bytes[0] = bytes[0]! ^ 0xff;
    await writeFile(file, bytes);
    const notes: string[] = [];
    const found = await newestGoodCheckpoint(dir, (l) => notes.push(l));
    expect(found?.contents.state.step).toBe(2);
    expect(notes).toEqual([
      `checkpoint ${join(dir, 'step-00000004')} is damaged (weights.bin does not match its sha256); trying the one before it`,
      'resuming from step-00000002, the newest intact checkpoint',
    ]);
  });

  it('no checkpoint is not an error; all damaged is a UserError', async () => {
    expect(await newestGoodCheckpoint(join(root, 'none'), () => {})).toBeNull();
    const dir = join(root, 'all');
    await saveSteps(dir, [1]);
    await rm(join(dir, 'step-00000001', 'state.json'));
    await expect(newestGoodCheckpoint(dir, () => {})).rejects.toThrow(UserError);
  });
});

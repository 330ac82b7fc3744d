import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCheckpoints, loadCheckpoint } from '../../src/runtime/train/checkpoint.js';
import { readRunLog } from '../../src/runtime/train/run-log.js';
import { grayPng } from '../support/fault-fixtures.js';
import { repoRoot } from '../cli/run-cli.js';

/**
 * Ctrl-C while an epoch's validation runs: many validation images and a short epoch make the
 * validation pass far longer than a training step, and the signal goes out as soon as the
 * epoch's last step is reported — so it lands during validation. The built CLI runs in a child
 * process with the default data workers, as a user runs it.
 */
const VALIDATION_IMAGES = 48;
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'unetc-val-interrupt-'));
  for (let k = 0; k < VALIDATION_IMAGES + 2; k++) {
    grayPng(join(root, 'img', `${String(k).padStart(3, '0')}.png`), 40, (i) => (i * (31 + k)) % 256);
    grayPng(join(root, 'mask', `${String(k).padStart(3, '0')}.png`), 40, (i) =>
      i % 40 < 20 && i % 7 !== k % 7 ? 255 : 0,
    );
  }
  writeFileSync(
    join(root, 'long-validation.unet'),
    `name: "long-validation"
network {
  input: 32 x 32 x 1
  classes: 2
  depth: 2
  filters: 48
  block { convs: 2, kernel: 3, padding: same, activation: relu }
  down: maxpool(2)
  up: transpose(kernel: 2, stride: 2)
  skip: concat
  head: softmax
}
data {
  images: "img"
  masks: "mask"
  classes { background: 0, cell: 255 }
  normalize: range(0, 255)
  validation: 96%
  weight_map: none
}
train {
  optimizer: adam(lr: 0.01)
  loss: ce
  batch: 1
  epochs: 50
  steps_per_epoch: 2
  seed: 1
  checkpoint { every: 1000, keep: 3 }
  select_by: dice
}
`,
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function trainAndInterruptAtEpochEnd(out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const args = [join(repoRoot, 'bin/unetc.js'), 'train', join(root, 'long-validation.unet'), '--out', out];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && /^step 2\//m.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

describe('Ctrl-C during a long validation pass (default data workers)', () => {
  it('stops between validation batches: exit 130, a checkpoint at the epoch end, no scores logged', async () => {
    const out = join(root, 'run');
    const r = await trainAndInterruptAtEpochEnd(out);
    expect(r.stderr).toMatch(/validation of epoch 1 interrupted/);
    expect(r.stderr).toMatch(/stopped at step 2 \(SIGINT\); checkpoint saved in .* --resume /);
    expect(r.code, r.stderr).toBe(130);
    const checkpoints = join(out, 'checkpoints');
    const names = await listCheckpoints(checkpoints);
    expect(names).toHaveLength(1);
    expect((await loadCheckpoint(join(checkpoints, names[0]!))).state.step).toBe(2);
    const log = readRunLog(join(out, 'train.jsonl'));
    expect(log.filter((r) => r.type === 'validation')).toEqual([]);
    expect(log.filter((r) => r.type === 'step')).toHaveLength(2);
    expect(existsSync(join(out, 'model'))).toBe(false);
  }, 150_000);
});

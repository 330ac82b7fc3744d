import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeImage } from '../../src/runtime/data/image.js';
import { crc32c, maskedCrc32c } from '../../src/runtime/tensorboard/crc32c.js';
import { TensorBoardLog } from '../../src/runtime/tensorboard/tensorboard-log.js';
import { RunLog } from '../../src/runtime/train/run-log.js';
import { decodeEvents } from '../support/tensorboard-events.js';

describe('CRC-32C', () => {
  it('matches the RFC 3720 test vectors', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(maskedCrc32c(new Uint8Array(0))).toBe(0xa282ead8);
  });
});

describe('TensorBoard event files, read back by an independent decoder', () => {
  it('scalars every step, validation metrics and overlay images, CRCs checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unetc-tb-'));
    const log = new TensorBoardLog(dir);
    for (let step = 1; step <= 5; step++)
      log.record({ type: 'step', step, epoch: 1, loss: 1 / step, lr: 0.01, ms: 10, dataWaitMs: 0 });
    const truth = makeImage(
      [4, 6, 1],
      Float32Array.from({ length: 24 }, (_, i) => i % 3),
    );
    log.samples([
      {
        image: makeImage(
          [4, 6, 1],
          Float32Array.from({ length: 24 }, (_, i) => i),
        ),
        truth,
        predicted: truth,
      },
    ]);
    log.record({
      type: 'validation',
      step: 5,
      epoch: 1,
      metrics: { val_loss: 0.5, dice: 0.75, rand_error: null },
      best: true,
    });
    log.close();
    const events = decodeEvents(log.path);
    expect(events[0]).toMatchObject({ what: 'file_version', file_version: 'brain.Event:2' });
    const summaries = events.filter((e) => e.what === 'summary');
    const losses = summaries.flatMap((e) =>
      (e.values ?? []).filter((v) => v.tag === 'train/loss').map((v) => [e.step, v.simple_value]),
    );
    expect(losses).toHaveLength(5);
    losses.forEach(([step, loss]) => expect(loss).toBeCloseTo(1 / step!, 6));
    const validation = summaries.find((e) => e.values?.some((v) => v.tag === 'val/dice'))!;
    expect(validation.step).toBe(5);
    expect(validation.values!.find((v) => v.tag === 'val/val_loss')!.simple_value).toBeCloseTo(0.5);
    expect(validation.values!.some((v) => v.tag === 'val/rand_error')).toBe(false);
    const image = validation.values!.find((v) => v.tag === 'val/sample_0')!;
    expect(image.kind).toBe('image');
    expect(image.image).toMatchObject({
      height: 4,
      width: 18,
      colorspace: 3,
      png: true,
      decoded_size: [18, 4],
    });
  });

  it('the run log writes one, flushed while the run goes on, with SessionLog.START on a resume', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unetc-tb-run-'));
    const first = new RunLog(join(dir, 'train.jsonl'));
    first.write({ type: 'event', step: 0, event: 'start' });
    first.write({ type: 'step', step: 1, epoch: 1, loss: 0.9, lr: 0.1, ms: 5, dataWaitMs: 0 });
    first.write({ type: 'validation', step: 1, epoch: 1, metrics: { val_loss: 0.8 }, best: true });
    // Not closed yet: what a live TensorBoard would read now is already complete records.
    const [file] = readdirSync(join(dir, 'tb'));
    const live = decodeEvents(join(dir, 'tb', file!));
    expect(live.some((e) => e.values?.some((v) => v.tag === 'val/val_loss'))).toBe(true);
    first.close();
    const resumed = new RunLog(join(dir, 'train.jsonl'), 1);
    resumed.close();
    const files = readdirSync(join(dir, 'tb'));
    expect(files).toHaveLength(2);
    const all = files.flatMap((f) => decodeEvents(join(dir, 'tb', f)));
    expect(all.some((e) => e.what === 'session_log' && e.status === 1 && e.step === 1)).toBe(true);
  });
});

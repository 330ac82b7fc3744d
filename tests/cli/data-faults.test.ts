import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grayPng, pngDeclaring, tinyData, tinySpec } from '../support/fault-fixtures.js';
import { hasStackTrace, runCli } from './run-cli.js';

/**
 * Data that used to train silently into a useless model, or to exhaust memory: each is refused
 * before the first step with one line naming the file, exit 2, and no run outputs.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'unetc-data-faults-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh directory holding the tiny data set and a spec with the given data lines. */
function setUp(name: string, data?: string): { dir: string; spec: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  tinyData(dir);
  return { dir, spec: tinySpec(dir, name, data === undefined ? {} : { data }) };
}

function train(spec: string, out: string, extra: string[] = [], env: Record<string, string> = {}) {
  return runCli(['train', spec, '--out', out, '--backend', 'cpu', '--workers', '0', ...extra], { env });
}

function expectRefused(r: { code: number; stderr: string }, pattern: RegExp, out: string): void {
  expect(r.code).toBe(2);
  const last = r.stderr.trim().split('\n').at(-1)!;
  expect(last).toMatch(/^unetc: /);
  expect(last).toMatch(pattern);
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(existsSync(join(out, 'train.jsonl'))).toBe(false);
  expect(existsSync(join(out, 'model'))).toBe(false);
}

describe('train refuses data that would train a useless model', () => {
  it('0/255 masks without a classes block: the values and the classes { } line that maps them', () => {
    const { dir, spec } = setUp('no-classes', 'normalize: range(0, 255)');
    const out = join(dir, 'run');
    const r = train(spec, out);
    expectRefused(r, /mask[/\\]a\.png: mask values 0, 255 but the network has 2 classes/, out);
    expect(r.stderr).toContain('classes { background: 0, foreground: 255 }');
  });

  it('a 16-bit image under normalize: range(0, 255)', () => {
    const { dir, spec } = setUp('sixteen-bit');
    grayPng(join(dir, 'img', 'b.png'), 40, (i) => (i * 997) % 65536, 16);
    const out = join(dir, 'run');
    const r = train(spec, out);
    expectRefused(
      r,
      /img[/\\]b\.png: pixel values span .* \(16-bit\), far outside normalize: range\(0, 255\)/,
      out,
    );
    expect(r.stderr).toContain('range(0, 65535)');
  });
});

describe('image files are bounded before they are decoded', () => {
  it('a PNG declaring 30000×30000 pixels is refused from its header', () => {
    const { dir, spec } = setUp('huge-png');
    pngDeclaring(join(dir, 'img', 'b.png'), 30000, 30000);
    const out = join(dir, 'run');
    const started = Date.now();
    const r = train(spec, out);
    expectRefused(r, /img[/\\]b\.png declares 30000×30000 = 900,000,000 pixels, more than the limit/, out);
    expect(r.stderr).toContain('UNETC_MAX_IMAGE_PIXELS');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('the pixel limit is configurable (UNETC_MAX_IMAGE_PIXELS)', () => {
    const { dir, spec } = setUp('small-limit');
    const out = join(dir, 'run');
    const r = train(spec, out, [], { UNETC_MAX_IMAGE_PIXELS: '1000' });
    expectRefused(r, /img[/\\]a\.png declares 40×40 = 1,600 pixels, more than the limit of 1,000/, out);
  });

  it('a .png symlink to /dev/zero is not read', () => {
    const { dir, spec } = setUp('dev-zero');
    rmSync(join(dir, 'img', 'b.png'));
    symlinkSync('/dev/zero', join(dir, 'img', 'b.png'));
    const out = join(dir, 'run');
    const r = train(spec, out);
    expectRefused(r, /img[/\\]b\.png is not a regular file/, out);
  });
});

describe('--workers', () => {
  it('a count above the cores is capped, with a one-line note, and the run trains', () => {
    const { dir, spec } = setUp('many-workers');
    const out = join(dir, 'run');
    const r = runCli(['train', spec, '--out', out, '--backend', 'cpu', '--workers', '1000', '--steps', '2']);
    expect(r.stderr).toMatch(/note: --workers 1000 is more than this machine's \d+ CPU cores?; using \d+\n/);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);
  });
});

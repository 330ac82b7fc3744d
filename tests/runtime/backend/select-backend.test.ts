import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  parseBackendChoice,
  selectBackend,
} from '../../../src/runtime/backend/select-backend.js';

describe('selectBackend', () => {
  it('rejects an unknown choice with a one-line message naming its source', () => {
    expect(() => parseBackendChoice('gpu', 'UNETC_BACKEND')).toThrow(BackendUnavailableError);
    expect(() => parseBackendChoice('gpu', 'UNETC_BACKEND')).toThrow(
      "UNETC_BACKEND must be one of auto, tensorflow, wasm, cpu (got 'gpu')",
    );
    expect(parseBackendChoice(' WASM ')).toBe('wasm');
  });

  it('a forced tensorflow backend that is not installed is a one-line BackendUnavailableError', async () => {
    const error = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^--backend tensorflow is unavailable: neither @tensorflow\/tfjs-node-gpu \(not installed\)/,
    );
    expect(message).not.toContain('\n');
  });

  it('auto falls through the native packages to wasm with unetc kernels and says why', async () => {
    const picked = await selectBackend('auto');
    expect(picked.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(picked.reason).toContain('tfjs-node');
    expect(picked.reason).toMatch(/wasm \(XNNPACK, \d threads?.*\) with unetc's \d+ training kernels/);
    // Two threads where the machine has them (the Node thread patch works on 4.22.0), else one.
    expect(picked.threads).toBe(Math.min(2, os.cpus().length));
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // Still computes after selection (threads or not).
    const y = tf.conv2d(
      tf.ones([1, 4, 4, 1]) as tf.Tensor4D,
      tf.ones([3, 3, 1, 1]) as tf.Tensor4D,
      1,
      'valid',
    );
    expect(Array.from(await y.data())).toEqual([9, 9, 9, 9]);
  });

  it('cpu on request', async () => {
    const picked = await selectBackend('cpu');
    expect(picked).toMatchObject({ name: 'cpu', threads: 1 });
    expect(picked.reason).toContain('cpu requested');
    expect(tf.getBackend()).toBe('cpu');
  });
});

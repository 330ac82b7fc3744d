import { describe, expect, it } from 'vitest';
import { patchWasmThreads, requestedWasmThreads } from '../../../src/runtime/backend/threads.js';

describe('wasm thread patch guards', () => {
  it('reads UNETC_WASM_THREADS, else defaults to at most 2', () => {
    expect(requestedWasmThreads({ UNETC_WASM_THREADS: '1' })).toBe(1);
    expect(requestedWasmThreads({ UNETC_WASM_THREADS: '3' })).toBe(3);
    const fallback = requestedWasmThreads({ UNETC_WASM_THREADS: 'many' });
    expect(fallback).toBeGreaterThanOrEqual(1);
    expect(fallback).toBeLessThanOrEqual(2);
  });

  it('does nothing for one thread', () => {
    expect(patchWasmThreads(1, '4.22.0')).toEqual({ skipped: 'one thread requested' });
  });

  it('refuses to patch any tfjs-backend-wasm version but the one it was written against', () => {
    const result = patchWasmThreads(2, '4.23.0');
    expect(result).toEqual({ skipped: 'tfjs-backend-wasm 4.23.0 is not the patched 4.22.0' });
    // Nothing global was touched.
    expect(URL.createObjectURL.name).toBe('createObjectURL');
  });
});

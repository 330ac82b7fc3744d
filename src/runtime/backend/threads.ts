import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * Multi-threaded wasm in Node, which tfjs-backend-wasm 4.22 disables (tfjs issue #3830):
 *  1. the flag WASM_HAS_MULTITHREAD_SUPPORT is hard-wired to false in Node → we set it;
 *  2. the pthread worker is handed to `new Worker()` as a blob: URL, which Node refuses → we write the
 *     worker source (extracted from the bundle) to a file and point URL.createObjectURL at it while the
 *     backend initialises; the worker also evaluates the main script from a Blob synchronously, which
 *     Node cannot do → our copy reads the Blob asynchronously and defines the bundler's module globals;
 *  3. backend.cc caps threads at os.cpus().length / 2 → os.cpus() is padded during initialisation;
 *  4. idle pool workers would keep the process alive → they are unref'd.
 * Every step checks that the text it patches is exactly what 4.22.0 ships; anything unexpected makes the
 * caller fall back to the stock single-threaded binary.
 */
export const PATCHED_WASM_VERSION = '4.22.0';

const STOCK_LOAD =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}WasmBackendModuleThreadedSimd(Module)';
const ASYNC_LOAD =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob);WasmBackendModuleThreadedSimd(Module)}else{e.data.urlOrBlob.text().then(function(t){(0,eval)(t);WasmBackendModuleThreadedSimd(Module)})}';

export interface ThreadPatch {
  /** Undoes the temporary global patches (call once the backend has initialised or failed). */
  restore(): void;
}

/** Requested wasm threads: UNETC_WASM_THREADS, else min(2, cores). 1 means the stock single-thread path. */
export function requestedWasmThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['UNETC_WASM_THREADS'];
  const parsed = raw === undefined ? NaN : Number.parseInt(raw, 10);
  if (Number.isInteger(parsed) && parsed >= 1) return Math.min(parsed, 16);
  return Math.max(1, Math.min(2, os.cpus().length));
}

/**
 * Prepares a multi-threaded wasm initialisation with `threads` threads, or explains why not.
 * Must run before `tf.setBackend('wasm')`; call `restore()` right after it.
 */
export function patchWasmThreads(threads: number, wasmVersion: string): ThreadPatch | { skipped: string } {
  if (threads <= 1) return { skipped: 'one thread requested' };
  if (wasmVersion !== PATCHED_WASM_VERSION) {
    return { skipped: `tfjs-backend-wasm ${wasmVersion} is not the patched ${PATCHED_WASM_VERSION}` };
  }
  if (typeof SharedArrayBuffer === 'undefined') return { skipped: 'no SharedArrayBuffer in this Node' };
  let workerFile: string;
  try {
    workerFile = writeWorkerFile();
  } catch (error) {
    return { skipped: `cannot prepare the wasm worker (${(error as Error).message})` };
  }
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = (blob: Blob): string =>
    blob.type === 'application/javascript' ? workerFile : createObjectURL(blob);
  // backend.cc uses at most half the logical cores: report enough of them for `threads`.
  os.cpus = () => {
    const list = cpus();
    while (list.length > 0 && list.length < 2 * threads) list.push(list[0] as os.CpuInfo);
    return list;
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  return {
    restore() {
      URL.createObjectURL = createObjectURL;
      os.cpus = cpus;
    },
  };
}

/** Back to the stock single-threaded binary (after a failed threaded initialisation). */
export function unpatchWasmThreads(): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

interface PThreadPool {
  runningWorkers?: Array<{ unref?: () => void }>;
  unusedWorkers?: Array<{ unref?: () => void }>;
}

/** Lets the process exit while XNNPACK's pool workers idle. */
export function unrefWasmWorkers(backend: unknown): void {
  const pool = (backend as { wasm?: { PThread?: PThreadPool } }).wasm?.PThread;
  for (const worker of [...(pool?.runningWorkers ?? []), ...(pool?.unusedWorkers ?? [])]) worker.unref?.();
}

/** Writes the patched pthread worker next to the OS temp dir (atomically) and returns its path. */
function writeWorkerFile(): string {
  const require = createRequire(import.meta.url);
  const bundle = fs.readFileSync(
    require.resolve('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js'),
    'utf8',
  );
  const literal = /^var wasmWorkerContents = ("(?:[^"\\]|\\.)*");$/m.exec(bundle)?.[1];
  if (literal === undefined) throw new Error('worker source not found in the bundle');
  const worker = JSON.parse(literal) as string;
  if (!worker.includes(STOCK_LOAD)) throw new Error('unexpected worker source');
  // The main script is the bundled factory's source, which refers to the bundle's module-level requires.
  const globals = [...bundle.matchAll(/^var (require\$\$\d+) = require\('([\w/]+)'\);$/gm)]
    .map((m) => `globalThis.${m[1]}=require(${JSON.stringify(m[2])});`)
    .join('');
  // The stock loader escapes newlines the same way before making its Blob.
  const source = (
    globals +
    'globalThis.commonjsGlobal=globalThis;' +
    worker.replace(STOCK_LOAD, ASYNC_LOAD)
  ).replace(/\n/g, '\\n');
  const file = path.join(
    os.tmpdir(),
    `unetc-wasm-worker-${PATCHED_WASM_VERSION}-${process.getuid?.() ?? 0}.js`,
  );
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, source);
  fs.renameSync(temp, file);
  return file;
}

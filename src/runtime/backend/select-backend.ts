import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { registerGradientFixes } from './gradients.js';
import { loadNativeBackend } from './native.js';
import { patchWasmThreads, requestedWasmThreads, unpatchWasmThreads, unrefWasmWorkers } from './threads.js';
import { registerWasmKernels } from './wasm-kernels/register.js';

import { BACKEND_CHOICES, type BackendChoice } from '../../common/backend-choices.js';

export { BACKEND_CHOICES, type BackendChoice };

export interface SelectedBackend {
  /** The tfjs backend name now active: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** One printable sentence: what was picked and why. */
  reason: string;
  threads: number;
}

/**
 * A backend the user asked for cannot be used (or the choice is not one of BACKEND_CHOICES).
 * The message is one line meant for the user; the CLI turns it into its own UserError.
 */
export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

/** Validates a --backend value or UNETC_BACKEND; `source` names where it came from for the message. */
export function parseBackendChoice(value: string, source = '--backend'): BackendChoice {
  const choice = value.trim().toLowerCase();
  if ((BACKEND_CHOICES as readonly string[]).includes(choice)) return choice as BackendChoice;
  throw new BackendUnavailableError(
    `${source} must be one of ${BACKEND_CHOICES.join(', ')} (got '${value}')`,
  );
}

let selected: SelectedBackend | undefined;

/**
 * Activates a tfjs backend. auto: tfjs-node-gpu when importable and it sees a GPU, then tfjs-node, then
 * wasm with unetc's training kernels, then cpu. A forced choice that cannot load throws
 * BackendUnavailableError. Idempotent for the same choice within a process (tfjs state is global).
 */
export async function selectBackend(
  choice: BackendChoice = parseBackendChoice(process.env['UNETC_BACKEND'] ?? 'auto', 'UNETC_BACKEND'),
): Promise<SelectedBackend> {
  if (selected !== undefined && (choice === 'auto' || choice === selected.name)) return selected;
  selected = await activate(choice);
  return selected;
}

async function activate(choice: BackendChoice): Promise<SelectedBackend> {
  const notes: string[] = [];
  if (choice === 'auto' || choice === 'tensorflow') {
    const native = await loadNativeBackend();
    if (native.ok) return { name: 'tensorflow', reason: native.reason, threads: os.cpus().length };
    if (choice === 'tensorflow') {
      throw new BackendUnavailableError(
        `--backend tensorflow is unavailable: ${native.reason}; install @tensorflow/tfjs-node (or -gpu) or use --backend auto`,
      );
    }
    notes.push(native.reason);
  }
  if (choice === 'auto' || choice === 'wasm') {
    const wasm = await activateWasm();
    if (wasm.ok) return { name: 'wasm', reason: [...notes, wasm.reason].join('; '), threads: wasm.threads };
    if (choice === 'wasm') throw new BackendUnavailableError(`--backend wasm is unavailable: ${wasm.reason}`);
    notes.push(wasm.reason);
  }
  await tf.setBackend('cpu');
  registerGradientFixes();
  quietCpuBanner();
  const why =
    choice === 'cpu'
      ? 'cpu requested (pure JS, slow; for small shapes)'
      : 'falling back to cpu (pure JS, slow)';
  return { name: 'cpu', reason: [...notes, why].join('; '), threads: 1 };
}

type WasmResult = { ok: true; reason: string; threads: number } | { ok: false; reason: string };

async function activateWasm(): Promise<WasmResult> {
  let wasmModule: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasmModule = await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    return { ok: false, reason: `tfjs-backend-wasm did not load (${firstLine(error)})` };
  }
  const wanted = requestedWasmThreads();
  const patch = patchWasmThreads(wanted, wasmModule.version_wasm);
  let threadNote = 'skipped' in patch ? patch.skipped : '';
  if (!('skipped' in patch)) wasmModule.setThreadsCount(wanted);
  let ok = await setBackendQuietly('wasm');
  if ('restore' in patch) {
    patch.restore();
    if (!ok) {
      // Threaded start failed: the stock single-threaded binary is the safe path.
      unpatchWasmThreads();
      wasmModule.setThreadsCount(1);
      threadNote = 'threaded start failed';
      ok = await setBackendQuietly('wasm');
    }
  }
  if (!ok) return { ok: false, reason: 'the wasm backend failed to initialise' };
  unrefWasmWorkers(tf.backend());
  const { replaced } = registerWasmKernels();
  registerGradientFixes();
  const threads = wasmModule.getThreadsCount();
  const threadText =
    threads > 1 ? `${threads} threads` : `1 thread${threadNote === '' ? '' : ` (${threadNote})`}`;
  return {
    ok: true,
    threads,
    reason: `wasm (XNNPACK, ${threadText}) with unetc's ${replaced.length} training kernels`,
  };
}

async function setBackendQuietly(name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** tfjs-backend-cpu prints a "install tfjs-node" banner on first use; our reason line already says it. */
function quietCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

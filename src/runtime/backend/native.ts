import * as tf from '@tensorflow/tfjs';

/**
 * The libtensorflow backends. Both packages are optional peer dependencies a user installs on
 * purpose (README: "Native backend"), so they are only ever imported dynamically, by a specifier
 * TypeScript cannot resolve statically.
 */
const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
const CPU_PACKAGE = '@tensorflow/tfjs-node';

export type NativeResult = { ok: true; reason: string } | { ok: false; reason: string };

/** Tries tfjs-node-gpu (kept only if it sees a GPU), then tfjs-node; activates 'tensorflow' on success. */
export async function loadNativeBackend(): Promise<NativeResult> {
  const gpu = await tryImport(GPU_PACKAGE);
  if (gpu === undefined && (await activateTensorflow())) {
    if (usesGpu()) return { ok: true, reason: `${GPU_PACKAGE} found a GPU` };
    // Both packages register the same backend name, so the GPU build's CPU kernels are what we get.
    return { ok: true, reason: `${GPU_PACKAGE} loaded but sees no GPU; using libtensorflow on the CPU` };
  }
  const cpu = await tryImport(CPU_PACKAGE);
  if (cpu === undefined && (await activateTensorflow())) {
    return { ok: true, reason: `${CPU_PACKAGE} (libtensorflow on the CPU)` };
  }
  return {
    ok: false,
    reason: `neither ${GPU_PACKAGE} (${gpu ?? 'not usable'}) nor ${CPU_PACKAGE} (${cpu ?? 'not usable'})`,
  };
}

/** Returns undefined on success, else a short reason. */
async function tryImport(specifier: string): Promise<string | undefined> {
  try {
    await import(specifier);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'not installed';
    // Bundlers (Vite, hence vitest) replace a missing optional peer with a stub that throws this.
    if (/^Could not resolve ".*"(?: imported by ".*")?\. Is it installed\?/.test(message))
      return 'not installed';
    return `failed to load: ${message.split('\n')[0]?.slice(0, 120)}`;
  }
}

async function activateTensorflow(): Promise<boolean> {
  if (tf.findBackend('tensorflow') === null && !tf.engine().registryFactory['tensorflow']) return false;
  try {
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

function usesGpu(): boolean {
  const backend = tf.findBackend('tensorflow') as { isUsingGpuDevice?: boolean } | null;
  return backend?.isUsingGpuDevice === true;
}

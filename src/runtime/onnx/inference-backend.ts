import { OnnxUnsupportedError } from '../../compiler/emit/onnx/lower-context.js';
import { UserError } from '../../common/user-error.js';
import { loadNativeBackend } from '../backend/native.js';
import type { SelectedBackend } from '../backend/select-backend.js';
import { requestedWasmThreads } from '../backend/threads.js';
import { useBackend } from '../backend/use-backend.js';
import { predictorFromRunner, type Predictor } from '../predict/predict-tiled.js';
import { loadOrt, type OrtModule } from './load-ort.js';
import { OrtTileRunner } from './ort-runner.js';

import type { InferenceBackendChoice } from '../../common/backend-choices.js';

export interface InferenceBackend {
  /** What `describeBackend` prints: name 'onnx' when onnxruntime runs the tiles. */
  readonly selected: SelectedBackend;
  /** onnxruntime when it runs the tiles; null for a tfjs backend. */
  readonly ort: OrtModule | null;
}

/**
 * Picks the engine of predict / eval. `onnx`: onnxruntime-node (an error if it does not load).
 * `auto`: libtensorflow when installed, else onnxruntime-node when it loads, else wasm, else cpu.
 * With onnxruntime, tfjs only reads the weights (on its cpu backend; it computes nothing).
 * Threads: UNETC_WASM_THREADS, as for wasm (default min(2, cores)).
 */
export async function useInferenceBackend(choice: InferenceBackendChoice): Promise<InferenceBackend> {
  if (choice !== 'onnx') {
    const native = choice === 'auto' ? await loadNativeBackend() : { ok: false, reason: '' };
    if (choice !== 'auto' || native.ok) return { selected: await useBackend(choice), ort: null };
  }
  const loaded = await loadOrt();
  if (!loaded.ok) {
    if (choice === 'onnx')
      throw new UserError(`--backend onnx is unavailable: ${loaded.reason}; use --backend wasm`);
    return { selected: await useBackend('auto'), ort: null };
  }
  await useBackend('cpu');
  const threads = requestedWasmThreads();
  const why = choice === 'auto' ? 'libtensorflow is not installed; ' : '';
  return {
    selected: {
      name: 'onnx',
      reason: `${why}${loaded.reason} on the CPU, ${threads} thread${threads === 1 ? '' : 's'}`,
      threads,
    },
    ort: loaded.ort,
  };
}

/** The predictor as the backend runs it: its weights moved into an onnxruntime session when chosen. */
export async function forInference(p: Predictor, backend: InferenceBackend): Promise<Predictor> {
  if (backend.ort === null) return p;
  const weights = p.runner.weights();
  p.runner.dispose();
  try {
    const runner = await OrtTileRunner.create(backend.ort, p.plan, weights, backend.selected.threads);
    return predictorFromRunner(runner, p.plan);
  } catch (error) {
    if (error instanceof OnnxUnsupportedError) throw new UserError(`${error.message}; use --backend wasm`);
    throw error;
  }
}

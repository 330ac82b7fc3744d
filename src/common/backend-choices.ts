/**
 * The `--backend` choices, in one place for the CLI (which must not load tfjs or onnxruntime to
 * list them) and the runtime that selects one. Training runs on a tfjs backend; inference
 * (predict, eval --model) may also run on onnxruntime.
 */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const INFERENCE_BACKEND_CHOICES = [...BACKEND_CHOICES, 'onnx'] as const;
export type InferenceBackendChoice = (typeof INFERENCE_BACKEND_CHOICES)[number];

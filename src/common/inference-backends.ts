/**
 * `--backend` of predict and eval, importable without loading tfjs or onnxruntime (the CLI
 * registers its options at start-up): the tfjs backends (select-backend.ts) plus onnxruntime.
 */
export const INFERENCE_BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu', 'onnx'] as const;
export type InferenceBackendChoice = (typeof INFERENCE_BACKEND_CHOICES)[number];

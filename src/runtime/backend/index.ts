/**
 * Backend selection and the kernel fixes that make tfjs 4.22 train U-Nets (see select-backend.ts).
 * Call `selectBackend()` once before building a model; it registers everything it needs.
 */
export {
  BACKEND_CHOICES,
  BackendUnavailableError,
  parseBackendChoice,
  selectBackend,
  type BackendChoice,
  type SelectedBackend,
} from './select-backend.js';
export { registerGradientFixes } from './gradients.js';
export { registerWasmKernels, type WasmKernelsHandle } from './wasm-kernels/register.js';

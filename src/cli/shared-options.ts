import { Option } from 'commander';
import { BACKEND_CHOICES, INFERENCE_BACKEND_CHOICES } from '../common/backend-choices.js';
import { UserError } from '../common/user-error.js';

/** `--backend` of `train`: a tfjs backend. */
export function trainBackendOption(): Option {
  return new Option('--backend <backend>', 'tfjs backend').choices([...BACKEND_CHOICES]).default('auto');
}

/** `--backend` of the commands that run inference: a tfjs backend or onnxruntime. */
export function inferenceBackendOption(prefix = ''): Option {
  return new Option(
    '--backend <backend>',
    `${prefix}inference engine: onnx (onnxruntime-node) or a tfjs backend; auto: tensorflow, onnx, wasm, cpu`,
  )
    .choices([...INFERENCE_BACKEND_CHOICES])
    .default('auto');
}

/** `--tile 1052x1052` (or DxHxW) → spatial sizes. */
export function parseTile(text: string): number[] {
  const sizes = text.split(/[x×,]/).map((s) => Number(s.trim()));
  if (sizes.length < 2 || sizes.length > 3 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UserError(`--tile '${text}' is not a size — write e.g. 1052x1052 (DxHxW for 3D)`);
  }
  return sizes;
}

import { readFile } from 'node:fs/promises';
import type { CheckedModel } from '../../ir/checked-model.js';
import { decodeSafetensors } from './safetensors.js';
import { torchTensorsToTfjs } from './torch-weights.js';

/**
 * The weights of a PyTorch state dict saved as safetensors (the generated weights.py's
 * save_weights, or safetensors.torch.save_file), by tfjs variable name for `model` — so that
 * `unetc compile <spec> --weights trained.safetensors` writes a tfjs model of a PyTorch-trained net.
 */
export async function readTorchWeights(
  file: string,
  model: CheckedModel,
): Promise<Map<string, Float32Array>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file} (${code === 'ENOENT' ? 'not found' : String(code)})`);
  }
  return torchTensorsToTfjs(model, decodeSafetensors(bytes, file), file);
}

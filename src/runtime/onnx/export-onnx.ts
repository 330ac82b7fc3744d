import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OnnxUnsupportedError } from '../../compiler/emit/onnx/lower-context.js';
import { ONNX_FILE, emitOnnx } from '../../compiler/emit/onnx/onnx-target.js';
import type { Plan } from '../../compiler/emit/training-plan.js';
import { readModelDirWeights } from '../../compiler/emit/weights-file.js';
import type { IrGraph } from '../../compiler/ir/ir.js';
import { ExitCode, UserError } from '../../common/user-error.js';
import { checkedFromPlan } from './ort-runner.js';

/**
 * The compiled directory of a model argument: the directory itself (model.json + plan.json), or a
 * training run's final `model/` (then `best/`). tfjs-free, so `unetc export` starts fast.
 */
export function compiledDirOf(path: string): string {
  if (!existsSync(path))
    throw new UserError(`${path} does not exist; pass a training run or a compiled model directory`);
  if (!statSync(path).isDirectory())
    throw new UserError(`${path} is a file; pass a training run or a compiled model directory`);
  for (const dir of [path, join(path, 'model'), join(path, 'best')])
    if (existsSync(join(dir, 'model.json')) && existsSync(join(dir, 'plan.json'))) return dir;
  throw new UserError(
    `${path} holds no model.json + plan.json (nor model/ or best/ of a training run); train first or run unetc compile`,
  );
}

/**
 * Where `-o` puts the model: a path ending in `.onnx` is the file; anything else is a directory
 * that receives model.onnx. A file where a directory is meant, or the reverse, is an error.
 */
export function onnxOutputFile(output: string): string {
  const exists = existsSync(output);
  if (output.endsWith('.onnx')) {
    if (exists && statSync(output).isDirectory())
      throw new UserError(
        `-o ${output} is a directory; give a file name ending in .onnx, or the directory without it`,
      );
    return output;
  }
  if (exists && !statSync(output).isDirectory())
    throw new UserError(
      `-o ${output} is a file; give a directory (it receives ${ONNX_FILE}) or a path ending in .onnx`,
    );
  return join(output, ONNX_FILE);
}

export interface ExportedOnnx {
  readonly bytes: Uint8Array;
  readonly plan: Plan;
}

/**
 * The ONNX model of a compiled directory with its (trained) weights. Weights that do not match
 * the plan's network, a network other than `expected` (the spec the user named), or a layer with
 * no ONNX form are one-line UserErrors (the last with exit status 1).
 */
export async function exportOnnx(
  dir: string,
  expected: IrGraph | null,
  prune?: number,
): Promise<ExportedOnnx> {
  let plan: Plan;
  try {
    plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan;
  } catch (error) {
    throw new UserError(
      `${join(dir, 'plan.json')} is not readable JSON (${error instanceof Error ? error.message : String(error)}); recompile the spec`,
    );
  }
  if (expected !== null && JSON.stringify(expected) !== JSON.stringify(plan.graph))
    throw new UserError(
      `the weights in ${dir} belong to a different network than the spec (layers or shapes differ); pass the spec the model was trained from`,
    );
  let weights: Map<string, Float32Array>;
  try {
    weights = await readModelDirWeights(dir);
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
  try {
    const options = { weights, weightsFrom: dir, ...(prune !== undefined ? { prune } : {}) };
    return { bytes: emitOnnx(checkedFromPlan(plan), options), plan };
  } catch (error) {
    if (error instanceof OnnxUnsupportedError)
      throw new UserError(`${dir}: ${error.message}`, ExitCode.errors);
    const message = error instanceof Error ? error.message : String(error);
    if (/variable '/.test(message))
      throw new UserError(
        `${message}: the weights do not match the network in ${join(dir, 'plan.json')}; export the directory the run wrote`,
      );
    if (/supervision head/.test(message)) throw new UserError(`--prune L${prune}: ${message}`);
    throw error;
  }
}

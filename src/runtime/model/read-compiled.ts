import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LayersModelJson } from '../../compiler/emit/keras-format.js';
import { planSchemaErrors } from '../../compiler/emit/plan-schema.js';
import type { Plan } from '../../compiler/emit/training-plan.js';
import { CompiledFiles } from '../../compiler/emit/write-compiled.js';
import { UserError } from '../../common/user-error.js';
import { checkedShardFiles } from '../../common/weight-shards.js';

/** A compiled directory's files, read but not yet turned into a model. */
export interface CompiledDir {
  readonly dir: string;
  readonly modelJson: LayersModelJson;
  readonly plan: Plan;
  /** All manifest groups' shards, concatenated in manifest order. */
  readonly weightData: ArrayBuffer;
}

async function readJson<T>(dir: string, name: string): Promise<T> {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(
      `${file} not found: ${dir} is not a compiled model directory (run \`unetc compile <spec> -o ${dir}\`)`,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new UserError(
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); recompile the spec`,
    );
  }
}

/** Reads model.json, plan.json and the weight shards of a compiled directory. */
export async function readCompiledDir(dir: string): Promise<CompiledDir> {
  const modelJson = await readJson<LayersModelJson>(dir, CompiledFiles.model);
  const plan = await readJson<Plan>(dir, CompiledFiles.plan);
  const groups = modelJson.weightsManifest ?? [];
  if (!Array.isArray(groups))
    throw new UserError(
      `${path.join(dir, CompiledFiles.model)}: weightsManifest is not a list; recompile the spec`,
    );
  // Paths and sizes first (nothing is read from a shard before they pass), then the plan.
  const shardFiles = await checkedShardFiles(dir, groups);
  // Everything downstream trusts the plan's shapes: a damaged or foreign plan.json stops here.
  const problems = planSchemaErrors(plan);
  if (problems.length > 0)
    throw new UserError(
      `${path.join(dir, CompiledFiles.plan)} is not a unetc plan (${problems[0]}); recompile the spec or retrain`,
    );
  const shards: Buffer[] = [];
  for (const files of shardFiles) {
    for (const file of files) shards.push(await readFile(file));
  }
  const bytes = Buffer.concat(shards);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { dir, modelJson, plan, weightData };
}

import { readFileSync } from 'node:fs';
import type { CheckedModel } from '../ir/checked-model.js';
import { writeDirAtomic } from '../../common/atomic-write.js';
import { isUnetcLayerClass } from './custom-layers.js';
import { GraphIndex } from './graph-index.js';
import type { LayersMode } from './keras-layers-mode/keras-mode.js';
import { layersModelJson, WEIGHTS_SHARD } from './keras-topology.js';
import { modelWeights } from './layer-weights.js';
import { planSchemaErrors } from './plan-schema.js';
import { prunedModel } from './prune-model.js';
import { summaryText } from './summary-table.js';
import { trainingPlan, type Plan } from './training-plan.js';
import { encodeWeights } from './weights-file.js';
import { DEFAULT_INIT_SEED, initialWeights } from './weights-init.js';

/** The files of a compiled model directory. */
export const CompiledFiles = {
  model: 'model.json',
  weights: WEIGHTS_SHARD,
  plan: 'plan.json',
  summary: 'summary.txt',
} as const;

export interface WriteCompiledOptions {
  /** Seed of the weight initialisation (default: the spec's train seed, else 1). */
  readonly seed?: number;
  /**
   * U-Net++ L^k: write only the sub-network the head on X0_k needs (`prunedModel`), recorded in
   * plan.json. Throws if the network has no such head.
   */
  readonly prune?: number;
  /**
   * Start from these weights (by variable name) instead of fresh ones: `compile --weights`
   * and pruned inference. Every variable of the model must be present with the same size.
   */
  readonly weights?: ReadonlyMap<string, Float32Array>;
  /** Where `weights` came from, recorded in plan.json. */
  readonly weightsFrom?: string;
  /** Layer class names in model.json: tfjs (default) or standard Keras (`compile --layers keras`). */
  readonly layers?: LayersMode;
}

const packageVersion: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export const GENERATOR = `unetc ${packageVersion}`;

function planOf(model: CheckedModel, seed: number, options: WriteCompiledOptions): Plan {
  const plan = trainingPlan(
    model,
    { seed, prune: options.prune ?? null, weightsFrom: options.weightsFrom ?? null },
    GENERATOR,
  );
  const problems = planSchemaErrors(JSON.parse(JSON.stringify(plan)));
  if (problems.length > 0) {
    throw new Error(`plan.json does not match schema/plan.schema.json: ${problems.slice(0, 5).join('; ')}`);
  }
  return plan;
}

function weightValues(model: CheckedModel, seed: number, options: WriteCompiledOptions): Float32Array[] {
  const decls = modelWeights(new GraphIndex(model.graph));
  const given = options.weights;
  if (!given) return initialWeights(decls, model.spec.network.init, seed);
  const from = options.weightsFrom ?? 'the given model';
  return decls.map((decl) => {
    const values = given.get(decl.name);
    const size = decl.shape.reduce((a, b) => a * b, 1);
    if (!values) throw new Error(`weights from ${from} have no variable '${decl.name}'`);
    if (values.length !== size) {
      throw new Error(
        `variable '${decl.name}' has ${values.length} values in ${from}, this model needs ${size}`,
      );
    }
    return values;
  });
}

/** The contents of a compiled directory, without writing it (tests and the trainer's checkpoints use it). */
export function compiledFiles(full: CheckedModel, options: WriteCompiledOptions = {}) {
  const model = options.prune === undefined ? full : prunedModel(full, options.prune);
  const seed = options.seed ?? model.spec.train?.seed ?? DEFAULT_INIT_SEED;
  const modelJson = layersModelJson(model.graph, model.spec.name, model.spec.network.init, options.layers);
  const plan = planOf(model, seed, options);
  const weights = encodeWeights(weightValues(model, seed, options));
  return { modelJson, plan, weights, summary: summaryText(model) };
}

/**
 * Writes a compiled model directory — model.json + group1-shard1of1.bin (standard tfjs
 * layers-model format), plan.json (IR + training plan, schema-validated) and summary.txt —
 * atomically: built in a temp sibling, swapped in only when complete. Also returns the `Unetc…`
 * classes model.json uses (empty: it loads in plain tfjs with no unetc code).
 */
export async function writeCompiled(
  model: CheckedModel,
  outDir: string,
  options: WriteCompiledOptions = {},
): Promise<{ files: string[]; customLayers: string[] }> {
  const { modelJson, plan, weights, summary } = compiledFiles(model, options);
  const classes = modelJson.modelTopology.config.layers.map((l) => l.class_name);
  const customLayers = [...new Set(classes.filter(isUnetcLayerClass))].sort();
  const files = await writeDirAtomic(outDir, [
    { name: CompiledFiles.model, content: `${JSON.stringify(modelJson)}\n` },
    { name: CompiledFiles.weights, content: weights },
    { name: CompiledFiles.plan, content: `${JSON.stringify(plan, null, 1)}\n` },
    { name: CompiledFiles.summary, content: summary },
  ]);
  return { files, customLayers };
}

import type { InferenceSession } from 'onnxruntime-node';
import { emitOnnx } from '../../compiler/emit/onnx/onnx-target.js';
import { trainingPlan, type Plan } from '../../compiler/emit/training-plan.js';
import type { CheckedModel } from '../../compiler/ir/checked-model.js';
import { prunedModel } from '../../compiler/emit/prune-model.js';
import { probabilitiesInPlace, type TileRunner } from '../predict/tile-runner.js';
import type { OrtModule } from './load-ort.js';

/** The checked model a plan.json describes (its graph is already the pruned one, if pruned). */
export function checkedFromPlan(plan: Plan): CheckedModel {
  return { spec: plan.spec, graph: plan.graph, summary: plan.summary };
}

/**
 * Runs tiles through onnxruntime: the ONNX model is built in memory from the plan and the tfjs
 * weights (bit-exact layout conversion), so every compiled model and training run works with it.
 */
export class OrtTileRunner implements TileRunner {
  readonly engine = 'onnxruntime';

  private constructor(
    private readonly ort: OrtModule,
    private readonly session: InferenceSession,
    private readonly plan: Plan,
    private readonly variables: Map<string, Float32Array>,
    readonly threads: number,
  ) {}

  static async create(
    ort: OrtModule,
    plan: Plan,
    weights: Map<string, Float32Array>,
    threads: number,
  ): Promise<OrtTileRunner> {
    const bytes = emitOnnx(checkedFromPlan(plan), { weights });
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new OrtTileRunner(ort, session, plan, weights, threads);
  }

  async run(x: Float32Array, count: number): Promise<Float32Array> {
    const input = this.plan.graph.nodes.find((n) => n.id === this.plan.graph.input)!.shape;
    const main = this.plan.graph.outputs[0]!;
    const feeds = { [this.session.inputNames[0]!]: new this.ort.Tensor('float32', x, [count, ...input]) };
    const results = await this.session.run(feeds, [main.name]);
    const out = results[main.name]!;
    const data = Float32Array.from(out.data as Float32Array);
    out.dispose();
    if (this.plan.spec.network.head.activation !== 'linear') return data;
    return probabilitiesInPlace(data, main.shape.at(-1)!);
  }

  weights(): Map<string, Float32Array> {
    return new Map(this.variables);
  }

  async resized(model: CheckedModel, provenance: Plan['provenance']) {
    const kept = provenance.prune === null ? model : prunedModel(model, provenance.prune);
    const plan = trainingPlan(kept, provenance, this.plan.generator);
    const runner = await OrtTileRunner.create(this.ort, plan, this.variables, this.threads);
    return { runner, plan };
  }

  dispose(): void {
    void this.session.release();
  }
}

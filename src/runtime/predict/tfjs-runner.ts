import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Plan } from '../../compiler/emit/training-plan.js';
import { writeCompiled } from '../../compiler/emit/write-compiled.js';
import { loadCompiled } from '../model/load-compiled.js';
import type { TileRunner } from './tile-runner.js';

/** Runs tiles through a tfjs LayersModel on the active tfjs backend. */
export class TfjsTileRunner implements TileRunner {
  readonly engine = 'tfjs';

  constructor(
    readonly model: tf.LayersModel,
    private readonly plan: Plan,
  ) {}

  private get classes(): number {
    return this.plan.graph.outputs[0]!.shape.at(-1)!;
  }

  async run(x: Float32Array, count: number): Promise<Float32Array> {
    const input = this.plan.graph.nodes.find((n) => n.id === this.plan.graph.input)!.shape;
    const probs = tf.tidy(() => {
      const raw = this.model.predict(tf.tensor(x, [count, ...input]));
      const main = Array.isArray(raw) ? raw[0]! : raw;
      if (this.plan.spec.network.head.activation !== 'linear') return main;
      return this.classes === 1 ? tf.sigmoid(main) : tf.softmax(main);
    });
    try {
      return (await probs.data()) as Float32Array;
    } finally {
      probs.dispose();
    }
  }

  weights(): Map<string, Float32Array> {
    return new Map(
      this.model.weights.map(
        (w) => [w.originalName, Float32Array.from(w.read().dataSync() as Float32Array)] as const,
      ),
    );
  }

  /** Through a temporary compiled directory, so the new model is loaded and shape-checked like any other. */
  async resized(model: Parameters<TileRunner['resized']>[0], provenance: Plan['provenance']) {
    const dir = await mkdtemp(join(tmpdir(), 'unetc-tile-'));
    try {
      await writeCompiled(model, dir, {
        seed: provenance.seed,
        weights: this.weights(),
        weightsFrom: provenance.weightsFrom ?? 'predict',
        ...(provenance.prune !== null ? { prune: provenance.prune } : {}),
      });
      const loaded = await loadCompiled(dir);
      return { runner: new TfjsTileRunner(loaded.model, loaded.plan), plan: loaded.plan };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

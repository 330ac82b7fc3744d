import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '../../compiler/spec/pipeline-spec.js';

/** One optimizer slot (momentum buffer, Adam moment) as plain data, for checkpoints. */
export interface SlotValue {
  /** `<weight key>/<slot>`, e.g. "enc0_conv1/kernel/momentum". */
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface OptimizerState {
  readonly kind: OptimizerSpec['kind'];
  /** Updates applied so far (Adam's bias-correction t). */
  readonly updates: number;
  readonly slots: readonly SlotValue[];
}

/**
 * SGD (momentum, Nesterov, L2 weight decay) and Adam over a fixed, ordered list of trainable
 * variables. Written here rather than using tf.train.* because a resume must be bit-exact: every
 * slot is keyed by the weight's stable name (tfjs keys them by position and re-derives Adam's
 * β^t in float32 on restore), the learning rate is an argument of each step (the schedule is a
 * pure function of the step), and Adam's bias corrections are computed in float64 from `updates`.
 *
 * Conventions (PyTorch's, which tf.train.momentum shares): weight decay is L2 added to the
 * gradient, g ← g + λ·w;  SGD: v ← μ·v + g, w ← w − lr·v (Nesterov: w ← w − lr·(g + μ·v));
 * Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·m̂/(√v̂ + ε).
 */
export class TrainOptimizer {
  private updates = 0;
  private readonly slots = new Map<string, tf.Variable>();

  constructor(
    readonly spec: OptimizerSpec,
    private readonly variables: readonly tf.Variable[],
    /** Stable key per variable (its layer weight name), same order as `variables`. */
    private readonly keys: readonly string[],
  ) {
    if (variables.length !== keys.length) throw new Error('one key per variable');
  }

  get updateCount(): number {
    return this.updates;
  }

  /** Applies one update; `grads` is keyed by tf.Variable name (what tf.variableGrads returns). */
  apply(grads: tf.NamedTensorMap, lr: number): void {
    const t = this.updates + 1;
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const raw = grads[variable.name];
        if (!raw) return;
        const key = this.keys[i]!;
        const g = this.spec.weightDecay > 0 ? tf.add(raw, tf.mul(variable, this.spec.weightDecay)) : raw;
        if (this.spec.kind === 'sgd') this.sgdStep(variable, key, g, lr);
        else this.adamStep(variable, key, g, lr, t);
      });
    });
    this.updates = t;
  }

  private sgdStep(variable: tf.Variable, key: string, g: tf.Tensor, lr: number): void {
    if (this.spec.kind !== 'sgd') return;
    const mu = this.spec.momentum;
    if (mu === 0) {
      variable.assign(tf.sub(variable, tf.mul(g, lr)));
      return;
    }
    const v = this.slot(`${key}/momentum`, variable);
    const vNew = tf.add(tf.mul(v, mu), g);
    v.assign(vNew);
    const direction = this.spec.nesterov ? tf.add(g, tf.mul(vNew, mu)) : vNew;
    variable.assign(tf.sub(variable, tf.mul(direction, lr)));
  }

  private adamStep(variable: tf.Variable, key: string, g: tf.Tensor, lr: number, t: number): void {
    if (this.spec.kind !== 'adam') return;
    const { beta1, beta2, epsilon } = this.spec;
    const m = this.slot(`${key}/m`, variable);
    const v = this.slot(`${key}/v`, variable);
    const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
    const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
    m.assign(mNew);
    v.assign(vNew);
    const mHat = tf.div(mNew, 1 - Math.pow(beta1, t));
    const vHat = tf.div(vNew, 1 - Math.pow(beta2, t));
    variable.assign(tf.sub(variable, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), lr)));
  }

  private slot(name: string, like: tf.Variable): tf.Variable {
    let s = this.slots.get(name);
    if (!s) {
      s = tf.variable(tf.zerosLike(like), false);
      this.slots.set(name, s);
    }
    return s;
  }

  /** A copy of the state (slots read back to host memory), in a stable order. */
  exportState(): OptimizerState {
    const slots = [...this.slots.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, v]) => ({
        name,
        shape: v.shape,
        values: Float32Array.from(v.dataSync() as Float32Array),
      }));
    return { kind: this.spec.kind, updates: this.updates, slots };
  }

  /** Replaces the state with a checkpoint's; throws if it belongs to another optimizer or model. */
  importState(state: OptimizerState): void {
    if (state.kind !== this.spec.kind) {
      throw new Error(`checkpoint has ${state.kind} optimizer state but the spec asks for ${this.spec.kind}`);
    }
    const known = new Map(this.keys.map((k, i) => [k, this.variables[i]!]));
    for (const slot of state.slots) {
      const key = slot.name.slice(0, slot.name.lastIndexOf('/'));
      const owner = known.get(key);
      if (!owner || owner.shape.join('x') !== slot.shape.join('x')) {
        throw new Error(`checkpoint optimizer slot ${slot.name} does not match the model`);
      }
    }
    this.disposeSlots();
    for (const slot of state.slots) {
      this.slots.set(
        slot.name,
        tf.tidy(() => tf.variable(tf.tensor(slot.values, [...slot.shape], 'float32'), false)),
      );
    }
    this.updates = state.updates;
  }

  private disposeSlots(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }

  dispose(): void {
    this.disposeSlots();
  }
}

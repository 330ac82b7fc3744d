import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerSpec } from '../../src/compiler/spec/pipeline-spec.js';
import { TrainOptimizer } from '../../src/runtime/train/optimizers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sgd = (momentum: number, nesterov = false, weightDecay = 0): OptimizerSpec => ({
  kind: 'sgd',
  lr: 0.1,
  momentum,
  nesterov,
  weightDecay,
  $path: '/train/optimizer',
});
const adam: OptimizerSpec = {
  kind: 'adam',
  lr: 0.01,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  weightDecay: 0,
  $path: '',
};

/** A quadratic bowl with a fixed minimum, so gradients change from step to step. */
function makeProblem(): { vars: tf.Variable[]; loss: () => tf.Scalar } {
  const a = tf.variable(tf.tensor([1, -2, 3, 0.5], [2, 2]));
  const b = tf.variable(tf.tensor([0.25, -1]));
  const target = tf.tensor([0.3, 0.1, -0.2, 0.7], [2, 2]);
  const loss = () => tf.add(tf.sum(tf.square(tf.sub(a, target))), tf.sum(tf.pow(b, 4))) as tf.Scalar;
  return { vars: [a, b], loss };
}

function runOurs(spec: OptimizerSpec, steps: number, lr: number): number[] {
  const { vars, loss } = makeProblem();
  const opt = new TrainOptimizer(spec, vars, ['a', 'b']);
  for (let i = 0; i < steps; i++) {
    const { value, grads } = tf.variableGrads(loss, vars);
    opt.apply(grads, lr);
    tf.dispose([value, grads]);
  }
  return vars.flatMap((v) => Array.from(v.dataSync()));
}

function runTfjs(opt: tf.Optimizer, steps: number): number[] {
  const { vars, loss } = makeProblem();
  for (let i = 0; i < steps; i++) opt.minimize(loss, false, vars);
  return vars.flatMap((v) => Array.from(v.dataSync()));
}

function expectClose(a: number[], b: number[], tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThan(tol));
}

describe('TrainOptimizer', () => {
  it('matches tf.train.momentum (plain and Nesterov) and tf.train.adam', () => {
    expectClose(runOurs(sgd(0.99), 5, 0.1), runTfjs(tf.train.momentum(0.1, 0.99), 5), 1e-6);
    expectClose(runOurs(sgd(0.9, true), 5, 0.1), runTfjs(tf.train.momentum(0.1, 0.9, true), 5), 1e-6);
    expectClose(runOurs(sgd(0), 5, 0.1), runTfjs(tf.train.sgd(0.1), 5), 1e-6);
    expectClose(runOurs(adam, 5, 0.01), runTfjs(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 5), 1e-5);
  });

  it('weight decay adds λ·w to the gradient', () => {
    const w = tf.variable(tf.tensor([2]));
    const opt = new TrainOptimizer(sgd(0, false, 0.5), [w], ['w']);
    opt.apply({ [w.name]: tf.tensor([0]) }, 0.1);
    expect(w.dataSync()[0]).toBeCloseTo(2 - 0.1 * 0.5 * 2, 6);
  });

  it('exported state resumes bit-exactly and rejects a mismatched optimizer', () => {
    for (const spec of [sgd(0.99, true, 1e-4), adam]) {
      const uninterrupted = runOurs(spec, 6, 0.05);
      const { vars, loss } = makeProblem();
      const first = new TrainOptimizer(spec, vars, ['a', 'b']);
      const step = (opt: TrainOptimizer) => {
        const { value, grads } = tf.variableGrads(loss, vars);
        opt.apply(grads, 0.05);
        tf.dispose([value, grads]);
      };
      for (let i = 0; i < 3; i++) step(first);
      const state = first.exportState();
      first.dispose();
      const second = new TrainOptimizer(spec, vars, ['a', 'b']);
      second.importState(JSON.parse(JSON.stringify({ ...state, slots: [] })) as typeof state);
      second.importState(state);
      expect(second.updateCount).toBe(3);
      for (let i = 0; i < 3; i++) step(second);
      expect(vars.flatMap((v) => Array.from(v.dataSync()))).toEqual(uninterrupted);
      const other = new TrainOptimizer(spec.kind === 'sgd' ? adam : sgd(0.9), vars, ['a', 'b']);
      expect(() => other.importState(state)).toThrow(/optimizer state/);
    }
  });

  it('does not leak tensors across steps', () => {
    const { vars, loss } = makeProblem();
    const opt = new TrainOptimizer(adam, vars, ['a', 'b']);
    const step = () => {
      const { value, grads } = tf.variableGrads(loss, vars);
      opt.apply(grads, 0.01);
      tf.dispose([value, grads]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

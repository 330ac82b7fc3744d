import * as tf from '@tensorflow/tfjs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { loadCompiled } from '../../../src/runtime/model/load-compiled.js';
import {
  classesFromProbabilities,
  predictImage,
  predictorFromPlan,
} from '../../../src/runtime/predict/index.js';
import { predictSettings } from '../../../src/runtime/predict/predict-files.js';
import { blobImage, syntheticBatch } from './synthetic.js';
import { biasesBeforeNorm, compileToTemp, tinyVariant } from './tiny-variant.js';
import { trainFewSteps } from './train-steps.js';

export interface Family {
  readonly spec: string;
  /** Every filter count of the spec is divided by this (at least 2 remain). */
  readonly divisor: number;
  /** Input size from the smallest valid one (default: the smallest). */
  readonly grow?: (smallest: number[], moduli: number[]) => number[];
  /** Training batch (default 2). */
  readonly batch?: number;
  /** Training steps on the one batch (default 3). */
  readonly steps?: number;
  /** Text replacements applied to the spec first (a variant of the family). */
  readonly edits?: readonly (readonly [string, string])[];
}

/**
 * Instance norm over a 1-pixel bottleneck outputs its β whatever comes in (no gradient reaches
 * the layers before it), so nets with instance norm train one size step wider on the last axis.
 */
export const wider = (s: number[], m: number[]): number[] =>
  s.map((v, a) => (a === s.length - 1 ? v + m[a]! : v));

/**
 * One family the whole way: compile → load (the loader asserts every layer shape and the
 * parameter count against the checker) → a few steps of the trainer's own step with the spec's loss,
 * optimizer and heads on one learnable batch → overlap-tile prediction on an image 1.5 output
 * tiles wide (one tile deep in 3D).
 */
export async function runFamily(family: Family): Promise<void> {
  const { spec, divisor, grow, batch: batchSize, steps: stepCount = 3, edits } = family;
  const checked = tinyVariant(spec, divisor, grow, edits);
  const dir = await compileToTemp(checked);
  try {
    const { model, plan } = await loadCompiled(dir);
    expect(model.countParams()).toBe(checked.summary.params);
    expect(model.outputs.map((o) => o.shape)).toEqual(checked.graph.outputs.map((o) => [null, ...o.shape]));

    const network = checked.spec.network;
    const head = network.head;
    const labelValues = head.activation === 'sigmoid' && head.channels === 1 ? 2 : network.classes;
    const crop = checked.summary.labelCrop;
    const batch = syntheticBatch(network.inputSize, network.inputChannels, crop, labelValues, {
      batch: batchSize ?? 2,
      weights: plan.spec.train?.loss.kind === 'weighted_ce',
    });
    const steps = await trainFewSteps(model, plan, batch, stepCount);
    expect(steps.losses.every(Number.isFinite)).toBe(true);
    // The same batch again and again: the loss goes down (dropout makes single steps noisy, not the trend).
    expect(steps.losses.at(-1)!).toBeLessThan(steps.losses[0]!);
    const zeroGradient = biasesBeforeNorm(checked.graph);
    expect(steps.unchanged.filter((name) => !zeroGradient.has(name))).toEqual([]);

    // Probabilities from every head: in [0, 1], summing to 1 over the classes of a softmax head.
    const x = tf.tensor(batch.images, [...batch.imageShape]);
    const outs = [model.predict(x)].flat() as tf.Tensor[];
    for (const out of outs) {
      expect(out.dataSync().every((v) => v >= 0 && v <= 1)).toBe(true);
      if (head.activation === 'softmax') {
        expect(
          tf
            .sum(out, -1)
            .dataSync()
            .every((s) => Math.abs(s - 1) < 1e-4),
        ).toBe(true);
      }
    }
    tf.dispose([x, ...outs]);

    const predictor = predictorFromPlan(model, plan);
    const outTile = network.inputSize.map((s, a) => s - crop[a]![0] - crop[a]![1]);
    const size = outTile.map((s, a) => (network.dims === 3 && a === 0 ? s : s + Math.ceil(s / 2)));
    const image = blobImage(size, network.inputChannels);
    const probs = await predictImage(predictor, image, predictSettings(plan, 'none', 2));
    expect(probs.shape).toEqual([...size, head.channels]);
    expect(probs.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    const classes = classesFromProbabilities(probs);
    expect(classes.data.every((c) => Number.isInteger(c) && c >= 0 && c < labelValues)).toBe(true);
    model.dispose();
  } finally {
    await rm(path.dirname(dir), { recursive: true, force: true });
  }
}

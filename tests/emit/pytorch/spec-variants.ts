import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import { compileSource } from '../../../src/compiler/pipeline.js';
import { GraphIndex } from '../../../src/compiler/emit/graph-index.js';
import { modelWeights } from '../../../src/compiler/emit/layer-weights.js';
import { compiledFiles } from '../../../src/compiler/emit/write-compiled.js';
import { splitWeights } from '../../../src/compiler/emit/pytorch/pytorch-target.js';

export const specsDir = path.resolve(import.meta.dirname, '../../../specs');

function compile(text: string, file: string, inputSize?: readonly number[]): CheckedModel {
  const result = compileSource(text, file, inputSize ? { inputSize } : {});
  if (!result.model)
    throw new Error(`${file}: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return result.model;
}

/** Every filter count in a spec divided by `factor` (at least 1): same ops, same spatial shapes. */
function slimmed(text: string, factor: number): string {
  const div = (n: string) => String(Math.max(1, Math.ceil(Number(n) / factor)));
  return text
    .replace(/(filters:\s*)(\d+)/g, (_, head: string, n: string) => `${head}${div(n)}`)
    .replace(
      /(filters:\s*\[)([^\]]*)\]/g,
      (_, head: string, list: string) => `${head}${list.replace(/\b(\d+)\b(?!%)/g, (n) => div(n))}]`,
    );
}

export interface SpecVariants {
  /** The spec at its smallest valid input size. */
  readonly small: CheckedModel;
  /** The same with fewer filters where running it would be slow (else `small` itself). */
  readonly runnable: CheckedModel;
}

/**
 * A spec at its smallest valid size (as the parity tests choose it), and a variant cheap enough to
 * run forward in tfjs on the cpu: every filter count divided until one pass is under `maxFlops`
 * (or by 64, the 3D paper net's 92³ minimum stays above it).
 * Dividing filters keeps every op and every spatial shape.
 */
export function specVariants(file: string, maxFlops = 0.05e9): SpecVariants {
  const full = path.join(specsDir, file);
  const text = readFileSync(full, 'utf8');
  const sizes = compile(text, full).summary.sizeRules.map((r) => r.min);
  const small = compile(text, full, sizes);
  let model = small;
  for (let factor = 2; model.summary.flops > maxFlops && factor <= 64; factor *= 2)
    model = compile(slimmed(text, factor), full, sizes);
  return { small, runnable: model };
}

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The model's initial kernels with every other variable randomised too (biases, batch norm
 * statistics, PReLU slopes), so that a mistake in any of their layouts shows in the outputs.
 */
export function randomWeights(model: CheckedModel, seed: number): Map<string, Float32Array> {
  const rand = uniform(seed);
  const init = splitWeights(model, compiledFiles(model, { seed }).weights);
  const range: [RegExp, number, number][] = [
    [/\/bias$|\/beta$|\/moving_mean$/, -0.2, 0.2],
    [/\/gamma$/, 0.7, 1.3],
    [/\/moving_variance$/, 0.5, 1.5],
    [/\/alpha$/, 0.05, 0.4],
  ];
  for (const decl of modelWeights(new GraphIndex(model.graph))) {
    const r = range.find(([re]) => re.test(decl.name));
    const values = init.get(decl.name);
    if (!r || !values) continue;
    for (let i = 0; i < values.length; i++) values[i] = r[1] + (r[2] - r[1]) * rand();
  }
  return init;
}

import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCompiled } from '../../../src/compiler/emit/write-compiled.js';
import type { CheckedModel } from '../../../src/compiler/ir/checked-model.js';
import type { IrGraph } from '../../../src/compiler/ir/ir.js';
import { compileSource } from '../../../src/compiler/pipeline.js';

export const specsDir = path.resolve(import.meta.dirname, '../../../specs');

/**
 * Every `filters:` / `max_filters:` count in the spec text (base, per-level lists, up-conv
 * overrides, full-scale skip widths) divided by `divisor`, at least `floor`: the same topology
 * with a fraction of the channels, so a few cpu training steps take seconds. Fractions
 * (`inter: 0.5`) and keywords (`filters: same`) are left as written.
 */
export function scaleFilters(text: string, divisor: number, floor = 2): string {
  const scale = (n: string): string => String(Math.max(floor, Math.ceil(Number(n) / divisor)));
  return text
    .replace(/(filters:\s*)\[([\d\s,]+)\]/g, (_, key: string, list: string) => {
      const scaled = list.split(',').map((n) => scale(n.trim()));
      return `${key}[${scaled.join(', ')}]`;
    })
    .replace(/(filters:\s*)(\d+)/g, (_, key: string, n: string) => `${key}${scale(n)}`);
}

/** Compiles spec text; throws with every diagnostic when it does not check. */
export function compileText(text: string, file: string, inputSize?: readonly number[]): CheckedModel {
  const result = compileSource(text, file, inputSize ? { inputSize } : {});
  if (!result.model) {
    const why = result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ');
    throw new Error(`${path.basename(file)} does not check: ${why}`);
  }
  return result.model;
}

export function specText(name: string): { text: string; file: string } {
  const file = path.join(specsDir, name);
  return { text: readFileSync(file, 'utf8'), file };
}

/** The spec exactly as written, checked at its own input size. */
export function compileSpec(name: string): CheckedModel {
  const { text, file } = specText(name);
  return compileText(text, file);
}

/**
 * The spec with filters scaled down, checked at its smallest valid input size — or at
 * `grow(smallest)`, e.g. one axis one step larger so a normalised bottleneck sees 2 pixels.
 */
export function tinyVariant(
  name: string,
  divisor: number,
  grow: (smallest: number[], moduli: number[]) => number[] = (s) => s,
  edits: readonly (readonly [string, string])[] = [],
): CheckedModel {
  const { text, file } = specText(name);
  const edited = edits.reduce((t, [from, to]) => {
    if (!t.includes(from)) throw new Error(`${name} has no '${from}' to edit`);
    return t.replace(from, to);
  }, text);
  const scaled = scaleFilters(edited, divisor);
  const rules = compileText(scaled, file).summary.sizeRules;
  const size = grow(
    rules.map((r) => r.min),
    rules.map((r) => r.modulus),
  );
  return compileText(scaled, file, size);
}

/**
 * `<conv>/bias` of every conv whose only consumers are norm layers: the norm subtracts the mean,
 * so that bias gets a zero gradient by construction (it may stay unchanged in training).
 */
export function biasesBeforeNorm(graph: IrGraph): Set<string> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const consumers = new Map<string, string[]>();
  for (const node of graph.nodes) {
    for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node.id]);
  }
  const names = new Set<string>();
  for (const node of graph.nodes) {
    const uses = consumers.get(node.id) ?? [];
    const conv = node.attrs.op === 'conv' || node.attrs.op === 'conv_transpose';
    if (conv && uses.length > 0 && uses.every((id) => byId.get(id)?.attrs.op === 'norm')) {
      names.add(`${node.id}/bias`);
    }
  }
  return names;
}

/** Writes the compiled directory (model.json + weights + plan.json) in a fresh temp dir. */
export async function compileToTemp(model: CheckedModel, seed = 1): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'unetc-variant-')), 'compiled');
  await writeCompiled(model, dir, { seed });
  return dir;
}

/**
 * The static checker's entry: ModelSpec → CheckedModel + diagnostics. Expands the topology,
 * propagates sizes per axis, derives the size rules, reports every independent problem, checks
 * the data/train sections against the network, and lowers to the IR when nothing is wrong.
 */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { guarded, makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { CheckedModel, SizeRule } from '../ir/checked-model.js';
import { lowerNetGraph } from '../ir/lower.js';
import type { NetGraph } from '../ir/net-graph.js';
import type { Span } from '../source.js';
import type { ModelSpec } from '../spec/spec.js';
import { axisRepresentatives } from './axis-symmetry.js';
import { checkTiles, checkTraining } from './check-pipeline.js';
import { expandNetwork } from './expand-network.js';
import { checkInstanceNormOnePixel } from './instance-norm-one-pixel.js';
import type { Locate } from './net-builder.js';
import { propagateAxis, type SizeIssue } from './propagate-sizes.js';
import { receptiveField } from './receptive-field.js';
import { computeSizeRule, type AxisRuleResult } from './size-rules.js';
import { sizeDiagnostics, type SizeContext } from './size-diagnostics.js';
import { noteSkipPadding } from './skip-padding.js';
import { summarize } from './summary.js';
import { noteMemoryNeed } from './memory-need.js';

interface SizeAnalysis {
  readonly ctx: SizeContext;
  readonly issues: readonly SizeIssue[];
  /** Present when every axis admits some input size. */
  readonly rules?: readonly SizeRule[];
  readonly field: readonly number[];
}

/** Sizes at the spec's input, issues there, and the size rules; interchangeable axes are computed once. */
function analyseSizes(spec: ModelSpec, graph: NetGraph, locate: Locate): SizeAnalysis {
  const net = spec.network;
  const output = graph.outputs[0]?.node ?? graph.nodes.length - 1;
  const reps = axisRepresentatives(graph, net.dims);
  const sizes: number[][] = [];
  const issues: SizeIssue[] = [];
  net.inputSize.forEach((s, axis) => {
    const rep = reps[axis]!;
    if (rep !== axis && net.inputSize[rep] === s) {
      sizes.push(sizes[rep]!);
      for (const issue of issues.filter((i) => i.axis === rep)) issues.push({ ...issue, axis });
      return;
    }
    const axisSizes = new Array<number>(graph.nodes.length);
    propagateAxis(graph, axis, s, axisSizes, issues);
    sizes.push(axisSizes);
  });
  issues.sort((a, b) => a.node - b.node || a.axis - b.axis);
  const axisRules: AxisRuleResult[] = [];
  reps.forEach((rep, axis) =>
    axisRules.push(rep === axis ? computeSizeRule(graph, axis, output) : axisRules[rep]!),
  );
  const found = axisRules.map((r) => r.rule).filter((r): r is SizeRule => r !== undefined);
  const rules = found.length === net.dims ? found : undefined;
  const periods = axisRules.map((r) => r.rule?.modulus ?? 1);
  const field = issues.length === 0 ? receptiveField(graph, sizes, output, periods, reps) : [];
  return { ctx: { graph, net, sizes, rules: axisRules, locate }, issues, field, ...(rules ? { rules } : {}) };
}

/** A same-padded net whose receptive field exceeds its input: a note, not a problem. */
function noteReceptiveField(
  spec: ModelSpec,
  graph: NetGraph,
  field: readonly number[],
  locate: Locate,
): Diagnostic[] {
  const input = spec.network.inputSize;
  const padded = graph.nodes.some((n) => 'padding' in n.attrs && n.attrs.padding === 'same');
  if (!padded || !field.some((f, axis) => f > (input[axis] ?? 0))) return [];
  const args = { shape: input.join('×'), field: field.join('×') };
  return [makeDiagnostic('InputBelowReceptiveField', locate(`${spec.network.$path}/input`), args)];
}

function run(spec: ModelSpec, locate: Locate, diagnostics: Diagnostic[]): CheckedModel | undefined {
  const { graph, sizesUnreliable } = expandNetwork(spec.network, diagnostics, locate);
  checkTraining(spec, graph, locate, diagnostics);
  if (sizesUnreliable) return undefined;
  const sizes = analyseSizes(spec, graph, locate);
  diagnostics.push(...sizeDiagnostics(sizes.ctx, sizes.issues));
  if (!sizes.rules) return undefined;
  checkTiles(spec, sizes.ctx, diagnostics);
  if (sizes.issues.length > 0) return undefined;
  diagnostics.push(...noteReceptiveField(spec, graph, sizes.field, locate));
  diagnostics.push(...checkInstanceNormOnePixel(sizes.ctx));
  diagnostics.push(...noteSkipPadding(sizes.ctx));
  if (hasErrors(diagnostics)) return undefined;
  const ir = lowerNetGraph(graph, sizes.ctx.sizes);
  const summary = summarize(
    ir,
    graph,
    spec.network.inputSize,
    sizes.rules,
    sizes.field,
    spec.train?.batch ?? 1,
  );
  diagnostics.push(...noteMemoryNeed(spec, summary, locate));
  return { spec, graph: ir, summary };
}

/** Never throws: an unexpected failure becomes one UNC9000 diagnostic. */
export function checkSpec(
  spec: ModelSpec,
  locate: (pointer: string, prefer?: 'value' | 'key') => Span,
): { model?: CheckedModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fallback: Span = { file: '', start: 0, end: 0 };
  const span = guarded('check', fallback, diagnostics, () => locate('')) ?? fallback;
  const model = guarded('shape check', span, diagnostics, () => run(spec, locate, diagnostics));
  return { ...(model ? { model } : {}), diagnostics };
}

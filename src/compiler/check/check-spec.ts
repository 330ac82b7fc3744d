/**
 * The static checker's entry: ModelSpec → CheckedModel + diagnostics. Expands the topology,
 * propagates sizes per axis, derives the size rules, reports every independent problem, checks
 * the data/train sections against the network, and lowers to the IR when nothing is wrong.
 */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { guarded, makeDiagnostic } from '../diagnostics/make-diagnostic.js';
import type { CheckedModel, SizeRule } from '../ir/checked-model.js';
import { lowerNetGraph } from '../ir/lower.js';
import type { Span } from '../source.js';
import type { ModelSpec } from '../spec/spec.js';
import { checkPipeline } from './check-pipeline.js';
import { expandNetwork } from './expand-network.js';
import { propagateAxis, type SizeIssue } from './propagate-sizes.js';
import { receptiveField } from './receptive-field.js';
import { computeSizeRule } from './size-rules.js';
import { sizeDiagnostics, type SizeContext } from './size-diagnostics.js';
import { summarize } from './summary.js';

export type LocateFn = (pointer: string, prefer?: 'value' | 'key') => Span;

function run(spec: ModelSpec, locate: LocateFn, diagnostics: Diagnostic[]): CheckedModel | undefined {
  const net = spec.network;
  const wiringErrors = diagnostics.length;
  const { graph } = expandNetwork(net, diagnostics, locate);
  const wiringFailed = hasErrors(diagnostics.slice(wiringErrors));
  const output = graph.outputs[0]?.node ?? graph.nodes.length - 1;

  const sizes: number[][] = [];
  const issues: SizeIssue[] = [];
  net.inputSize.forEach((s, axis) => {
    const axisSizes = new Array<number>(graph.nodes.length);
    propagateAxis(graph, axis, s, axisSizes, issues);
    sizes.push(axisSizes);
  });
  const rules = net.inputSize.map((_, axis) => computeSizeRule(graph, axis, output));
  const ctx: SizeContext = { graph, net, sizes, rules, locate };
  issues.sort((a, b) => a.node - b.node || a.axis - b.axis);
  diagnostics.push(...sizeDiagnostics(ctx, issues));

  const sizeRules = rules.map((r) => r.rule).filter((r): r is SizeRule => r !== undefined);
  const field = receptiveField(graph, sizes, output, sizeRules.map((r) => r.modulus));
  const padded = graph.nodes.some((n) => 'padding' in n.attrs && n.attrs.padding === 'same');
  if (issues.length === 0 && padded && field.some((f, axis) => f > (net.inputSize[axis] ?? 0))) {
    diagnostics.push(
      makeDiagnostic('InputBelowReceptiveField', locate(`${net.$path}/input`), {
        shape: net.inputSize.join('×'),
        field: field.join('×'),
      }),
    );
  }
  if (sizeRules.length === net.inputSize.length) checkPipeline(spec, ctx, diagnostics);
  if (wiringFailed || issues.length > 0 || sizeRules.length !== net.inputSize.length) return undefined;
  if (hasErrors(diagnostics)) return undefined;
  const ir = lowerNetGraph(graph, sizes);
  const summary = summarize(ir, graph, net.inputSize, sizeRules, field, spec.train?.batch ?? 1);
  return { spec, graph: ir, summary };
}

/** Never throws: an unexpected failure becomes one UNC9000 diagnostic. */
export function checkSpec(
  spec: ModelSpec,
  locate: (pointer: string, prefer?: 'value' | 'key') => Span,
): { model?: CheckedModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const span = guarded('check', { file: '', start: 0, end: 0 }, diagnostics, () => locate(''));
  const model = guarded('check', span ?? { file: '', start: 0, end: 0 }, diagnostics, () => run(spec, locate, diagnostics));
  return { ...(model ? { model } : {}), diagnostics };
}

/**
 * Size issues found at the spec's input size → diagnostics at `/network/input`, each naming the
 * layer and the numbers, pointing at the layer's spec (related), with the size rule and the nearest
 * valid sizes in the hint and a fix that writes the nearest valid input size.
 */
import type { Diagnostic, TextEdit } from '../diagnostics/diagnostic.js';
import { fillTemplate, makeDiagnostic, type MessageArgs } from '../diagnostics/make-diagnostic.js';
import { Messages, type MessageId } from '../diagnostics/messages.js';
import type { NetGraph, NetNode } from '../ir/net-graph.js';
import { effectiveKernel } from '../shapes/conv-arithmetic.js';
import type { NetworkSpec } from '../spec/model-spec.js';
import type { Locate } from './net-builder.js';
import type { SizeIssue } from './propagate-sizes.js';
import {
  formatSizeRule,
  nearestValidSize,
  nearestValidSizes,
  satisfiesRule,
  type AxisRuleResult,
} from './size-rules.js';

export const axisNames = (dims: number): string[] => (dims === 3 ? ['D', 'H', 'W'] : ['H', 'W']);

/** Short label of a layer for messages ("max-pool", "strided conv"). */
export function opLabel(node: NetNode): string {
  const a = node.attrs;
  switch (a.op) {
    case 'max_pool':
      return 'max-pool';
    case 'avg_pool':
      return 'avg-pool';
    case 'conv':
      if (node.role.stage === 'gate') return 'attention W_x conv';
      return a.strides.some((s) => s > 1) ? 'strided conv' : 'conv';
    case 'conv_transpose':
      return 'transposed conv';
    default:
      return a.op.replace('_', ' ');
  }
}

export interface SizeContext {
  readonly graph: NetGraph;
  readonly net: NetworkSpec;
  /** sizes[axis][node] at the spec's input size. */
  readonly sizes: readonly (readonly number[])[];
  readonly rules: readonly AxisRuleResult[];
  readonly locate: Locate;
}

const shapeOf = (ctx: SizeContext, n: number): string => ctx.sizes.map((axis) => axis[n] ?? 0).join('×');

/** The hint: the rule of every failing axis and the valid sizes around the spec's (axes sharing both are merged). */
export function sizeHint(ctx: SizeContext, sizes: readonly number[]): string {
  const names = axisNames(ctx.net.dims);
  const groups = new Map<string, { axes: string[]; rule: string; sizes: string }>();
  const parts: string[] = [];
  const impossible: string[] = [];
  ctx.rules.forEach((r, axis) => {
    const s = sizes[axis] ?? 0;
    const name = names[axis] ?? String(axis);
    if (!r.rule) {
      impossible.push(name);
      return;
    }
    if (satisfiesRule(r.rule, s)) return;
    const near = nearestValidSizes(r.rule, s);
    const list = near.below !== undefined ? `${near.below}, ${near.above}` : String(near.above);
    const rule = formatSizeRule(r.rule);
    const key = `${rule}|${list}`;
    const group = groups.get(key) ?? { axes: [], rule, sizes: list };
    group.axes.push(name);
    groups.set(key, group);
  });
  if (impossible.length > 0)
    parts.push(fillTemplate(Messages.NoSizeWorksHint.message, { axis: impossible.join(', ') }));
  const all = [...groups.values()];
  for (const g of all) {
    const rule =
      all.length > 1 || g.axes.length < sizes.length ? `${g.rule} on ${g.axes.join(', ')}` : g.rule;
    parts.push(fillTemplate(Messages.SizeRuleHint.message, { rule, sizes: g.sizes }));
  }
  return parts.join(' ');
}

/** Edits writing the nearest valid size on every axis (per list element when the spec wrote a list). */
export function sizeFix(
  ctx: SizeContext,
  pointer: string,
  sizes: readonly number[],
  channels: number | undefined,
): Diagnostic['fix'] | undefined {
  if (ctx.rules.some((r) => !r.rule)) return undefined;
  const fixed = sizes.map((s, axis) => nearestValidSize(ctx.rules[axis]!.rule!, s));
  return writeSizesFix(ctx, pointer, sizes, fixed, channels);
}

/** Edits replacing the spatial sizes `sizes` written at `pointer` by `fixed`. */
export function writeSizesFix(
  ctx: SizeContext,
  pointer: string,
  sizes: readonly number[],
  fixed: readonly number[],
  channels: number | undefined,
): Diagnostic['fix'] {
  const whole = ctx.locate(pointer);
  const shape = [...fixed, ...(channels !== undefined ? [channels] : [])];
  const description = fillTemplate(Messages.UseSizeFix.message, { shape: shape.join('×') });
  const elementSpans = fixed.map((_, axis) => ctx.locate(`${pointer}/${axis}`));
  const distinct = elementSpans.every((s) => s.start !== whole.start || s.end !== whole.end);
  const edits: TextEdit[] = distinct
    ? fixed.flatMap((s, axis) => (s === sizes[axis] ? [] : [{ span: elementSpans[axis]!, text: String(s) }]))
    : [{ span: whole, text: shape.join('x') }];
  return { description, edits };
}

function issueMessage(ctx: SizeContext, issue: SizeIssue): { id: MessageId; args: MessageArgs } {
  const node = ctx.graph.nodes[issue.node]!;
  const a = node.attrs;
  const input = node.inputs[0] ?? 0;
  const size = ctx.sizes[issue.axis]?.[input] ?? 0;
  const base = { op: opLabel(node), level: node.role.level, node: node.id, shape: shapeOf(ctx, input), size };
  if (issue.kind === 'drops' && (a.op === 'conv' || a.op === 'max_pool' || a.op === 'avg_pool')) {
    const k = (a.op === 'conv' ? a.kernel : a.pool)[issue.axis] ?? 1;
    const kernel = effectiveKernel(k, a.op === 'conv' ? (a.dilation[issue.axis] ?? 1) : 1);
    const stride = a.strides[issue.axis] ?? 1;
    if (a.padding === 'same') return { id: 'DownsampleUnevenPadding', args: { ...base, stride } };
    if (kernel === 2 && stride === 2) {
      const window = (a.op === 'conv' ? a.kernel : a.pool).join('×');
      return { id: 'DownsampleOddSize', args: { ...base, window } };
    }
    const span = size - kernel;
    return { id: 'DownsampleDropsRows', args: { ...base, kernel, span, stride, dropped: span % stride } };
  }
  if (issue.kind === 'vanishes' && (a.op === 'conv' || a.op === 'max_pool' || a.op === 'avg_pool')) {
    const k = (a.op === 'conv' ? a.kernel : a.pool)[issue.axis] ?? 1;
    return { id: 'FeatureMapVanishes', args: { ...base, kernel: k } };
  }
  const p = issue.position ?? 0;
  const source = node.inputs[a.op === 'crop' ? 0 : p] ?? input;
  const target = a.op === 'crop' ? (node.inputs[1] ?? input) : issue.node;
  if (issue.kind === 'negative_crop' || issue.kind === 'odd_crop') {
    const from = shapeOf(ctx, source);
    const to = shapeOf(ctx, target);
    const total = (ctx.sizes[issue.axis]?.[source] ?? 0) - (ctx.sizes[issue.axis]?.[target] ?? 0);
    return {
      id: issue.kind === 'negative_crop' ? 'SkipSmallerThanUp' : 'AsymmetricCrop',
      args: { ...base, from, to, total },
    };
  }
  const shapes = node.inputs.map((i) => shapeOf(ctx, i));
  if (node.role.stage === 'gate' && a.op === 'add') {
    return {
      id: 'AttentionGridMismatch',
      args: { ...base, xShape: shapes[0] ?? '', gShape: shapes[1] ?? '' },
    };
  }
  if (a.op === 'average') {
    const other = node.inputs[p] ?? input;
    return {
      id: 'AverageNeedsEqualShapes',
      args: {
        ...base,
        node: ctx.graph.nodes[other]?.id ?? '',
        shape: shapes[p] ?? '',
        main: shapes[0] ?? '',
      },
    };
  }
  return { id: 'MergeSizeMismatch', args: { ...base, shapes: shapes.join(' and ') } };
}

/** One diagnostic per (layer, problem), however many axes show it. */
export function sizeDiagnostics(ctx: SizeContext, issues: readonly SizeIssue[]): Diagnostic[] {
  const pointer = `${ctx.net.$path}/input`;
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  const hint = sizeHint(ctx, ctx.net.inputSize);
  const fix = sizeFix(ctx, pointer, ctx.net.inputSize, ctx.net.inputChannels);
  for (const issue of issues) {
    const key = `${issue.node}:${issue.kind}:${issue.position ?? 0}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const node = ctx.graph.nodes[issue.node]!;
    const { id, args } = issueMessage(ctx, issue);
    const related = [
      {
        span: ctx.locate(node.origin),
        message: fillTemplate(Messages.RelatedLayer.message, { op: opLabel(node) }),
      },
    ];
    out.push(
      makeDiagnostic(id, ctx.locate(pointer), { ...args, rule: hint }, { related, ...(fix ? { fix } : {}) }),
    );
  }
  return out;
}

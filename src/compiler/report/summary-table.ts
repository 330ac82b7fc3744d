import { escapeControl } from '../../common/escape-control.js';
import type { CheckedModel, SizeRule } from '../ir/checked-model.js';
import type { IrOutput } from '../ir/ir.js';
import { describeLayer } from './describe-layer.js';
import { parametersLine, trainableParamsOf, type SummaryOptions } from './param-counts.js';
import { alignColumns, bytesText, groupDigits, shapeText, siText } from './format-numbers.js';

/**
 * `unetc summary`: the layer table (one row per IR node: name, op, output shape, params) and the
 * totals a person sizing a run wants: parameters, conv layers, FLOPs, training memory at the spec's
 * batch, receptive field, the input → output relation, the valid input sizes and the label crop.
 */
export function renderSummaryTable(model: CheckedModel, options: SummaryOptions = {}): string {
  const { graph, summary, spec } = model;
  const net = spec.network;
  const pytorch = options.convention === 'pytorch';
  const rows: string[][] = [['layer', 'op', 'output', 'params']];
  for (const node of graph.nodes) {
    const params = pytorch ? trainableParamsOf(node) : node.params;
    rows.push([node.id, describeLayer(node), shapeText(node.shape), groupDigits(params)]);
  }
  const table = alignColumns(rows, new Set([3]));
  const rule = '-'.repeat(Math.max(...table.map((l) => l.length)));

  const input = [...net.inputSize, net.inputChannels];
  const batch = spec.train?.batch ?? 1;
  const axes = net.dims === 3 ? ['D', 'H', 'W'] : ['H', 'W'];
  const totals: [string, string][] = [
    [
      'input → output',
      `${shapeText(input)} → ${shapeText(graph.outputs[0]?.shape ?? [])}  (${relationText(summary.sizeRules, axes)})`,
    ],
  ];
  if (graph.outputs.length > 1) {
    totals.push(['heads', graph.outputs.map(headText).join(', ')]);
  }
  totals.push(
    parametersLine(model, pytorch),
    ['conv layers', String(summary.convLayers)],
    ['FLOPs', `${siText(summary.flops)} per forward pass of one sample`],
    [
      'training memory',
      `${bytesText(summary.trainingActivationBytes)} of activations at batch ${batch} (float32)`,
    ],
    ['receptive field', `${shapeText(summary.receptiveField)} px`],
    ['valid input sizes', sizesText(summary.sizeRules, axes, net.inputSize)],
  );
  const crop = labelCropText(summary.labelCrop, net.inputSize);
  if (crop) totals.push(['label crop', crop]);

  const header = [escapeControl(`${spec.name}${spec.description ? ` — ${spec.description}` : ''}`)];
  header.push(
    `${net.dims}D U-Net, depth ${net.depth}, ${net.classes} ${net.classes === 1 ? 'class' : 'classes'}, head ${net.head.activation}`,
  );
  const totalLines = alignColumns(totals, new Set()).map((l) => `  ${l}`);
  return [
    ...header,
    '',
    ...table.slice(0, 1),
    rule,
    ...table.slice(1),
    rule,
    '',
    'Totals',
    ...totalLines,
    '',
  ].join('\n');
}

/** "X1_3 128×128×3 (loss ×0.286)"; an output without loss weight is the inference-only average. */
function headText(o: IrOutput): string {
  const weight = o.lossWeight === 0 ? 'inference only' : `loss ×${Number(o.lossWeight.toPrecision(3))}`;
  return `${o.name} ${shapeText(o.shape)} (${weight})`;
}

/** "out = in − 184" per axis, or one phrase when every axis shares the rule. */
function relationText(rules: readonly SizeRule[], axes: readonly string[]): string {
  const one = (r: SizeRule): string => {
    const scaled = r.outputScale === 1 ? 's' : `${r.outputScale}·s`;
    if (r.outputShift === 0) return `out = ${scaled}`;
    return `out = ${scaled} ${r.outputShift < 0 ? '−' : '+'} ${Math.abs(r.outputShift)}`;
  };
  return perAxis(rules, axes, one);
}

/** "H, W: s = 188 + 16k (…, 556, 572, 588, …)": the residue class and the sizes around the spec's. */
function sizesText(
  rules: readonly SizeRule[],
  axes: readonly string[],
  inputSize: readonly number[],
): string {
  return perAxis(rules, axes, (r, i) => {
    const base = r.modulus === 1 ? `s ≥ ${r.min}` : `s = ${r.min} + ${r.modulus}k`;
    const near = nearbySizes(r, inputSize[i] ?? r.min);
    return `${base} (${near})`;
  });
}

function nearbySizes(rule: SizeRule, around: number): string {
  if (rule.modulus <= 0) return String(rule.min);
  const k = Math.max(0, Math.round((around - rule.min) / rule.modulus));
  const sizes = [k - 1, k, k + 1].filter((j) => j >= 0).map((j) => rule.min + rule.modulus * j);
  return `${k > 1 ? '…, ' : ''}${sizes.join(', ')}, …`;
}

function perAxis(
  rules: readonly SizeRule[],
  axes: readonly string[],
  text: (r: SizeRule, axis: number) => string,
): string {
  if (rules.length === 0) return '—';
  const texts = rules.map((r, i) => text(r, i));
  if (texts.every((t) => t === texts[0])) return `${axes.slice(0, rules.length).join(', ')}: ${texts[0]}`;
  return texts.map((t, i) => `${axes[i] ?? `axis ${i}`}: ${t}`).join('; ');
}

function labelCropText(
  crop: readonly (readonly [number, number])[],
  inputSize: readonly number[],
): string | undefined {
  if (crop.every(([b, e]) => b === 0 && e === 0)) return undefined;
  const cropped = inputSize.map((s, i) => s - (crop[i]?.[0] ?? 0) - (crop[i]?.[1] ?? 0));
  const sides = crop.every(([b, e]) => b === crop[0]![0] && e === crop[0]![1])
    ? crop[0]![0] === crop[0]![1]
      ? `${crop[0]![0]} px per side`
      : `${crop[0]![0]}/${crop[0]![1]} px before/after`
    : crop.map(([b, e]) => `${b}/${e}`).join(', ') + ' px';
  return `${sides} (labels ${shapeText(inputSize)} → ${shapeText(cropped)})`;
}

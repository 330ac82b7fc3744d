/**
 * Incremental construction of a NetGraph: unique ids, channel bookkeeping and parameter counts in
 * one place, so the topology expanders only say which layer goes where.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic, type MessageArgs } from '../diagnostics/make-diagnostic.js';
import type { MessageId } from '../diagnostics/messages.js';
import type { ConvAttrs, ConvTransposeAttrs, IrAttrs, IrRole, MergeAttrs } from '../ir/ir.js';
import type { MergeAlign, NetGraph, NetNode, NetOutput } from '../ir/net-graph.js';
import { convParams, convTransposeParams, normParams, normTrainableParams } from '../shapes/layer-cost.js';
import type { Span } from '../source.js';
import type { ActivationSpec, Dims, NormSpec } from '../spec/model-spec.js';

export type Locate = (pointer: string, prefer?: 'value' | 'key') => Span;

export type FusedActivation = ConvAttrs['activation'];

/** Activations a tfjs conv layer can apply itself (ELU only with its default α = 1). */
export function fusableActivation(act: ActivationSpec | null): FusedActivation | null {
  if (!act) return 'linear';
  switch (act.kind) {
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'linear':
    case 'softmax':
      return act.kind;
    case 'elu':
      return act.alpha === undefined || act.alpha === 1 ? 'elu' : null;
    default:
      return null;
  }
}

interface NodeInit {
  readonly id: string;
  readonly attrs: IrAttrs;
  readonly inputs: readonly number[];
  readonly channels: number;
  readonly role: IrRole;
  readonly origin: string;
  readonly params?: number;
  readonly trainableParams?: number;
  readonly align?: MergeAlign;
  readonly cropIds?: readonly (string | undefined)[];
  readonly floorRounds?: boolean;
}

export class NetBuilder {
  readonly nodes: NetNode[] = [];
  readonly outputs: NetOutput[] = [];
  /**
   * Set when a reported wiring error makes every spatial size wrong (an up-sampling that does not
   * undo its down-sampling, valid full-scale skips): size problems would only repeat it.
   */
  sizesUnreliable = false;
  private readonly ids = new Map<string, number>();
  /** One UNC3104 per norm declaration and group count, however many layers it normalises. */
  private readonly groupProblems = new Map<string, { index: number; nodes: string[]; channels: number[] }>();

  constructor(
    readonly dims: Dims,
    readonly diagnostics: Diagnostic[],
    readonly locate: Locate,
  ) {}

  /** Reports a size-independent problem at a spec pointer. */
  report(id: MessageId, pointer: string, args: MessageArgs = {}): void {
    this.diagnostics.push(makeDiagnostic(id, this.locate(pointer), args));
  }

  channels(node: number): number {
    return this.nodes[node]?.channels ?? 0;
  }

  id(node: number): string {
    return this.nodes[node]?.id ?? '?';
  }

  add(init: NodeInit): number {
    let id = init.id;
    if (this.ids.has(id)) for (let k = 2; this.ids.has(id); k++) id = `${init.id}_${k}`;
    const params = init.params ?? 0;
    const node: NetNode = {
      id,
      attrs: init.attrs,
      inputs: init.inputs,
      channels: init.channels,
      params,
      trainableParams: init.trainableParams ?? params,
      role: init.role,
      origin: init.origin,
      ...(init.align ? { align: init.align } : {}),
      ...(init.cropIds ? { cropIds: init.cropIds } : {}),
      ...(init.floorRounds ? { floorRounds: true } : {}),
    };
    this.nodes.push(node);
    this.ids.set(id, this.nodes.length - 1);
    return this.nodes.length - 1;
  }

  /** `floorRounds`: a strided conv whose dropped rows another layer already reports or pads back. */
  conv(
    id: string,
    input: number,
    a: Omit<ConvAttrs, 'op'>,
    role: IrRole,
    origin: string,
    floorRounds = false,
  ): number {
    const params = convParams(a.kernel, this.channels(input), a.filters, a.useBias);
    return this.add({
      id,
      attrs: { op: 'conv', ...a },
      inputs: [input],
      channels: a.filters,
      role,
      origin,
      params,
      floorRounds,
    });
  }

  convTranspose(
    id: string,
    input: number,
    a: Omit<ConvTransposeAttrs, 'op'>,
    role: IrRole,
    origin: string,
  ): number {
    const params = convTransposeParams(a.kernel, this.channels(input), a.filters, a.useBias);
    return this.add({
      id,
      attrs: { op: 'conv_transpose', ...a },
      inputs: [input],
      channels: a.filters,
      role,
      origin,
      params,
    });
  }

  /** A separate activation layer; PReLU learns one slope per channel (shared over space), or one in all. */
  activation(id: string, input: number, act: ActivationSpec, role: IrRole): number {
    const c = this.channels(input);
    const attrs: IrAttrs = {
      op: 'activation',
      kind: act.kind,
      ...(act.alpha !== undefined ? { alpha: act.alpha } : {}),
      ...(act.kind === 'prelu' && act.shared ? { shared: true } : {}),
    };
    const params = act.kind === 'prelu' ? (act.shared ? 1 : c) : 0;
    return this.add({ id, attrs, inputs: [input], channels: c, role, origin: act.$path, params });
  }

  norm(id: string, input: number, norm: NormSpec, role: IrRole): number {
    const c = this.channels(input);
    if (norm.kind === 'none') return input;
    if (norm.kind === 'group') {
      const groups = norm.groups ?? 1;
      if (groups < 1 || c % groups !== 0) this.reportGroups(norm.$path, groups, c, id);
    }
    const attrs: IrAttrs = {
      op: 'norm',
      kind: norm.kind,
      ...(norm.kind === 'group' ? { groups: norm.groups ?? 1 } : {}),
      affine: norm.affine,
      epsilon: norm.epsilon,
      momentum: norm.momentum,
    };
    const params = normParams(norm.kind, c, norm.affine);
    const trainableParams = normTrainableParams(c, norm.affine);
    return this.add({
      id,
      attrs,
      inputs: [input],
      channels: c,
      role,
      origin: norm.$path,
      params,
      trainableParams,
    });
  }

  /** Adds this layer to the diagnostic already reported for the same declaration, or reports it. */
  private reportGroups(pointer: string, groups: number, channels: number, node: string): void {
    const key = `${pointer}|${groups}`;
    const seen = this.groupProblems.get(key);
    const problem = seen ?? { index: this.diagnostics.length, nodes: [], channels: [] };
    problem.nodes.push(node);
    if (!problem.channels.includes(channels)) problem.channels.push(channels);
    this.groupProblems.set(key, problem);
    const args = {
      node: layerList(problem.nodes),
      channels: wordList(problem.channels.map(String)),
      groups,
    };
    const diagnostic = makeDiagnostic('GroupNormGroups', this.locate(pointer), args);
    if (seen) this.diagnostics[problem.index] = diagnostic;
    else this.diagnostics.push(diagnostic);
  }

  merge(
    id: string,
    op: MergeAttrs['op'],
    inputs: readonly number[],
    align: MergeAlign,
    role: IrRole,
    origin: string,
    cropIds?: readonly (string | undefined)[],
  ): number {
    const chans = inputs.map((i) => this.channels(i));
    let channels = chans[0] ?? 0;
    if (op === 'concat') channels = chans.reduce((a, b) => a + b, 0);
    else if (op === 'multiply') channels = Math.max(...chans);
    else if (chans.some((c) => c !== channels)) {
      this.report('MergeChannelMismatch', origin, { node: id, op, channels: chans.join(' vs ') });
    }
    return this.add({
      id,
      attrs: { op },
      inputs,
      channels,
      role,
      origin,
      align,
      ...(cropIds ? { cropIds } : {}),
    });
  }

  output(node: number, name: string, lossWeight: number): void {
    this.outputs.push({ node, name, lossWeight });
  }

  graph(): NetGraph {
    return { dims: this.dims, nodes: this.nodes, outputs: this.outputs };
  }
}

/** "a", "a and b", "a, b and c". */
function wordList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The first layer, and how many more share the problem. */
function layerList(nodes: readonly string[]): string {
  const more = nodes.length - 1;
  return more === 0 ? nodes[0]! : `${nodes[0]} (and ${more} more layer${more === 1 ? '' : 's'})`;
}

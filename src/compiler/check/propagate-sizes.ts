/**
 * Spatial sizes along one axis, propagated through a NetGraph with the shared shape functions.
 * Every axis is independent (convs, pools, crops and merges act per axis), so a 1-D pass decides
 * whether an input size works on that axis; the size rules scan residues with the fast mode, the
 * checker collects issues at the spec's size with the full mode.
 */
import type { NetGraph, NetNode } from '../ir/net-graph.js';
import {
  convOutputLength,
  convTransposeOutputLength,
  effectiveKernel,
  stridedRemainder,
  upsampleOutputLength,
} from '../shapes/conv-arithmetic.js';

export type SizeIssueKind =
  /** A strided window does not tile the input (drops rows, or pads unevenly for same padding). */
  | 'drops'
  /** A valid window larger than its input. */
  | 'vanishes'
  /** A crop source smaller than its target. */
  | 'negative_crop'
  /** A crop removing an odd number of rows. */
  | 'odd_crop'
  /** Inputs of an exact merge differ. */
  | 'mismatch';

export interface SizeIssue {
  readonly node: number;
  readonly axis: number;
  readonly kind: SizeIssueKind;
  /** For merges and crops: the input position at fault. */
  readonly position?: number;
}

/**
 * Fills `sizes[n]` with node n's size on `axis` for input size `input`. Without `issues`, stops at
 * the first problem and returns false (fast mode). With `issues`, keeps going (floor rounding,
 * vanished maps clamped to 1, merges taking their target's size) and records only problems whose
 * inputs are themselves sound, so one cause is reported once, not again at every layer it disturbs.
 */
export function propagateAxis(
  graph: NetGraph,
  axis: number,
  input: number,
  sizes: number[],
  issues?: SizeIssue[],
): boolean {
  if (!issues) return firstFailingNode(graph, axis, input, sizes) < 0;
  const nodes = graph.nodes;
  const tainted = issues ? new Uint8Array(nodes.length) : undefined;
  // One mutable probe instead of a closure per node: this loop runs thousands of times per spec.
  const probe: Probe = { kind: null, position: 0 };
  let ok = true;
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!;
    probe.kind = null;
    sizes[n] = sizeOf(node, axis, input, sizes, probe);
    if (probe.kind === null) {
      if (tainted) for (const i of node.inputs) if (tainted[i]) tainted[n] = 1;
      continue;
    }
    ok = false;
    if (!issues || !tainted) return false;
    let bad = false;
    for (const i of node.inputs) if (tainted[i]) bad = true;
    if (!bad)
      issues.push({
        node: n,
        axis,
        kind: probe.kind,
        ...(probe.position >= 0 ? { position: probe.position } : {}),
      });
    // A crop or merge problem still leaves a well-defined output size (the target's), so layers
    // after it are judged on their own; a dropped row or a vanished map changes every size below.
    if (bad || probe.kind === 'drops' || probe.kind === 'vanishes') tainted[n] = 1;
  }
  return ok;
}

/** Fast mode: the index of the first node with a problem at input size `input`, or −1. */
export function firstFailingNode(graph: NetGraph, axis: number, input: number, sizes: number[]): number {
  const nodes = graph.nodes;
  const probe: Probe = { kind: null, position: 0 };
  for (let n = 0; n < nodes.length; n++) {
    sizes[n] = sizeOf(nodes[n]!, axis, input, sizes, probe);
    if (probe.kind !== null) return n;
  }
  return -1;
}

interface Probe {
  kind: SizeIssueKind | null;
  /** Input position at fault, −1 when not a merge. */
  position: number;
}

function flag(probe: Probe, kind: SizeIssueKind, position = -1): void {
  if (probe.kind !== null) return;
  probe.kind = kind;
  probe.position = position;
}

function sizeOf(node: NetNode, axis: number, input: number, sizes: number[], probe: Probe): number {
  const a = node.attrs;
  const s0 = sizes[node.inputs[0] ?? 0] ?? 0;
  switch (a.op) {
    case 'input':
      return input;
    case 'conv':
    case 'max_pool':
    case 'avg_pool': {
      const kernel = (a.op === 'conv' ? a.kernel : a.pool)[axis] ?? 1;
      const stride = a.strides[axis] ?? 1;
      const dilation = a.op === 'conv' ? (a.dilation[axis] ?? 1) : 1;
      if (a.padding === 'valid' && s0 < effectiveKernel(kernel, dilation)) {
        flag(probe, 'vanishes');
        return 1;
      }
      if (!node.floorRounds && stridedRemainder(s0, kernel, stride, dilation, a.padding) !== 0) {
        flag(probe, 'drops');
      }
      return convOutputLength(s0, kernel, stride, dilation, a.padding);
    }
    case 'conv_transpose':
      return convTransposeOutputLength(
        s0,
        a.kernel[axis] ?? 1,
        a.strides[axis] ?? 1,
        a.padding,
        a.outputPadding[axis] ?? 0,
      );
    case 'upsample':
      return upsampleOutputLength(s0, a.size[axis] ?? 1);
    case 'resize_like':
      return sizes[node.inputs[1] ?? 0] ?? 0;
    case 'pad':
      return s0 + (a.padding[axis]?.[0] ?? 0) + (a.padding[axis]?.[1] ?? 0);
    case 'crop': {
      if (node.inputs.length < 2) return s0 - (a.cropping[axis]?.[0] ?? 0) - (a.cropping[axis]?.[1] ?? 0);
      const to = sizes[node.inputs[1]!] ?? 0;
      checkCrop(s0, to, 0, probe);
      return to;
    }
    case 'concat':
    case 'add':
    case 'multiply':
    case 'average':
      return mergeSize(node, sizes, probe);
    default:
      return s0;
  }
}

function checkCrop(from: number, to: number, position: number, probe: Probe): void {
  if (from < to) flag(probe, 'negative_crop', position);
  else if ((from - to) % 2 !== 0) flag(probe, 'odd_crop', position);
}

function mergeSize(node: NetNode, sizes: number[], probe: Probe): number {
  const inputs = node.inputs;
  const align = node.align ?? EXACT;
  if (align.kind === 'exact') {
    const first = sizes[inputs[0] ?? 0] ?? 0;
    for (let p = 1; p < inputs.length; p++) if (sizes[inputs[p]!] !== first) flag(probe, 'mismatch', p);
    return first;
  }
  if (align.kind === 'pad_to') {
    const to = sizes[inputs[align.target] ?? 0] ?? 0;
    for (let p = 0; p < inputs.length; p++) {
      if (p !== align.target && (sizes[inputs[p]!] ?? 0) > to) flag(probe, 'mismatch', p);
    }
    return to;
  }
  let to: number;
  if (align.kind === 'crop_to') to = sizes[inputs[align.target] ?? 0] ?? 0;
  else {
    to = Infinity;
    for (const i of inputs) to = Math.min(to, sizes[i] ?? 0);
  }
  for (let p = 0; p < inputs.length; p++) {
    if (align.kind === 'crop_to' && p === align.target) continue;
    checkCrop(sizes[inputs[p]!] ?? 0, to, p, probe);
  }
  return to;
}

const EXACT = { kind: 'exact' } as const;

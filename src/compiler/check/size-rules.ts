/**
 * Admissible input sizes per axis. With every strided window required to tile its input exactly,
 * each feature-map size is affine in the input size s, so the constraints are congruences
 * s ≡ r (mod m) (divisibility at every down-sampling) and lower bounds (every valid window fits):
 * the admissible sizes form one residue class above a minimum. We find the class by trying every
 * residue modulo the total down-sampling factor (or, for huge factors, by lifting one congruence at
 * a time) at a size large enough for every lower bound, then the minimum by bisection (the lower
 * bounds are monotone in s).
 */
import type { SizeRule } from '../ir/checked-model.js';
import type { NetGraph } from '../ir/net-graph.js';
import { effectiveKernel } from '../shapes/conv-arithmetic.js';
import { firstFailingNode, propagateAxis } from './propagate-sizes.js';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

/**
 * Per node, how many input pixels one of its pixels steps over on `axis` (its "jump"); returns the
 * lcm of the integer jumps after every strided layer (the period of the admissibility pattern) and
 * a generous bound on how much the network can shrink the input (Σ (k_eff − 1)·jump).
 */
function periodAndShrink(graph: NetGraph, axis: number): { period: number; shrink: number; jump: number[] } {
  const jump: number[] = [];
  let period = 1;
  let shrink = 0;
  graph.nodes.forEach((node, n) => {
    const j = jump[node.inputs[0] ?? -1] ?? 1;
    const a = node.attrs;
    let out = j;
    if (a.op === 'conv' || a.op === 'max_pool' || a.op === 'avg_pool') {
      const k = effectiveKernel(
        (a.op === 'conv' ? a.kernel : a.pool)[axis] ?? 1,
        a.op === 'conv' ? (a.dilation[axis] ?? 1) : 1,
      );
      const s = a.strides[axis] ?? 1;
      out = j * s;
      shrink += (k - 1 + s) * j;
      if (s > 1 && Number.isInteger(out)) period = (period * out) / gcd(period, out);
    } else if (a.op === 'conv_transpose' || a.op === 'upsample') {
      out = j / ((a.op === 'upsample' ? a.size : a.strides)[axis] ?? 1);
      shrink += j * 2;
    }
    jump[n] = out;
  });
  return { period, shrink, jump };
}

/** Above this period, residues are found by lifting instead of trying them all. */
const SCAN_LIMIT = 4096;

/**
 * The admissible residues modulo `period`, found by lifting: start from s ≡ r (mod m); when the
 * first failing layer is a strided window whose output steps over J input pixels, its constraint
 * is a congruence mod J, so exactly one lift r + m·t (t < lcm(m, J) / m) gets past it. Costs
 * Σ stride propagations instead of `period` (depth 10 with stride 8 would be 8¹⁰ residues).
 */
function liftResidue(
  graph: NetGraph,
  axis: number,
  base: number,
  jump: readonly number[],
  sizes: number[],
): number | undefined {
  let r = 0;
  let m = 1;
  let fail = firstFailingNode(graph, axis, base, sizes);
  while (fail >= 0) {
    const j = jump[fail] ?? 1;
    if (!Number.isInteger(j) || j <= 1) return undefined;
    const next = (m * j) / gcd(m, j);
    if (next === m) return undefined;
    let lifted = false;
    for (let t = 1; t < next / m; t++) {
      const f = firstFailingNode(graph, axis, base + r + m * t, sizes);
      if (f < 0 || f > fail) {
        r += m * t;
        fail = f;
        lifted = true;
        break;
      }
    }
    if (!lifted) return undefined;
    m = next;
  }
  return r;
}

function admissibleResidues(
  graph: NetGraph,
  axis: number,
  period: number,
  base: number,
  jump: readonly number[],
  scanLimit: number,
): number[] {
  const sizes: number[] = new Array<number>(graph.nodes.length);
  if (period > scanLimit) {
    const r = liftResidue(graph, axis, base, jump, sizes);
    return r === undefined ? [] : [r % period];
  }
  const residues: number[] = [];
  for (let r = 0; r < period; r++) if (firstFailingNode(graph, axis, base + r, sizes) < 0) residues.push(r);
  return residues;
}

export interface AxisRuleResult {
  readonly rule?: SizeRule;
  /** A size at which the network fails for every residue: the problem does not depend on the input. */
  readonly failingSize?: number;
}

/** The size rule of one axis, or the size to diagnose when no input size works (`scanLimit`: for tests). */
export function computeSizeRule(
  graph: NetGraph,
  axis: number,
  outputNode: number,
  scanLimit = SCAN_LIMIT,
): AxisRuleResult {
  const { period, shrink, jump } = periodAndShrink(graph, axis);
  const sizes: number[] = new Array<number>(graph.nodes.length);
  const base = period * (Math.ceil((2 * shrink + 64) / period) + 1);
  const admissible = (s: number): boolean => s >= 1 && propagateAxis(graph, axis, s, sizes);
  const residues = admissibleResidues(graph, axis, period, base, jump, scanLimit);
  if (residues.length === 0) return { failingSize: base };
  let modulus = period;
  for (const r of residues) modulus = gcd(modulus, r - residues[0]!);
  if (residues.length !== period / modulus) modulus = period;
  const r0 = residues[0]! % modulus;
  // Bisection for the smallest admissible member r0 + m·k (admissibility is monotone in k).
  let lo = r0 === 0 ? 1 : 0;
  let hi = (base + r0 - r0) / modulus;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (admissible(r0 + modulus * mid)) hi = mid;
    else lo = mid + 1;
  }
  const min = r0 + modulus * lo;
  propagateAxis(graph, axis, min, sizes);
  const o1 = sizes[outputNode] ?? 0;
  propagateAxis(graph, axis, min + modulus, sizes);
  const o2 = sizes[outputNode] ?? 0;
  const outputScale = (o2 - o1) / modulus;
  return { rule: { modulus, min, outputScale, outputShift: o1 - outputScale * min } };
}

export function satisfiesRule(rule: SizeRule, s: number): boolean {
  return s >= rule.min && (s - rule.min) % rule.modulus === 0;
}

/** The admissible sizes just below and just above `s` (below is absent under the minimum). */
export function nearestValidSizes(rule: SizeRule, s: number): { below?: number; above: number } {
  if (s < rule.min) return { above: rule.min };
  const k = Math.floor((s - rule.min) / rule.modulus);
  const at = rule.min + k * rule.modulus;
  const below = at === s ? (k > 0 ? at - rule.modulus : undefined) : at;
  return {
    ...(below !== undefined ? { below } : {}),
    above: at === s ? s + rule.modulus : at + rule.modulus,
  };
}

/** The admissible size closest to `s` (ties go up, towards more context). */
export function nearestValidSize(rule: SizeRule, s: number): number {
  if (satisfiesRule(rule, s)) return s;
  const { below, above } = nearestValidSizes(rule, s);
  return below !== undefined && s - below < above - s ? below : above;
}

/** Notation, not prose: "s ≡ 12 (mod 16), s ≥ 188". */
export function formatSizeRule(rule: SizeRule): string {
  if (rule.modulus === 1) return `s ≥ ${rule.min}`;
  return `s ≡ ${rule.min % rule.modulus} (mod ${rule.modulus}), s ≥ ${rule.min}`;
}

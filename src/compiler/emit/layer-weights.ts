import type { IrNode } from '../ir/ir.js';
import type { GraphIndex } from './graph-index.js';

/** How a weight starts: a kernel drawn from the init distribution, or a constant. */
export type WeightInit =
  | { readonly kind: 'kernel'; readonly fanIn: number; readonly fanOut: number }
  | { readonly kind: 'constant'; readonly value: number };

/** One variable of one layer, named and shaped exactly as tfjs-layers creates it. */
export interface WeightDecl {
  /** `<layer>/<weight>`, e.g. "enc0_conv1/kernel", "bn1/moving_mean". */
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
  readonly init: WeightInit;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/**
 * Fan-in / fan-out as tfjs-layers' `computeFans` computes them for a channels-last kernel:
 * fanIn = shape[-2]·∏(spatial), fanOut = shape[-1]·∏(spatial). For a transposed conv the kernel
 * is [..k, out, in], so fanIn = out·∏k — which is also what the authors' Caffe filler used
 * ("count/num", i.e. 4·out_channels for a 2×2 up-conv).
 */
export function kernelFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  const spatial = product(shape.slice(0, -2));
  return {
    fanIn: (shape[shape.length - 2] ?? 1) * spatial,
    fanOut: (shape[shape.length - 1] ?? 1) * spatial,
  };
}

function kernel(layer: string, shape: readonly number[]): WeightDecl {
  return { name: `${layer}/kernel`, shape, trainable: true, init: { kind: 'kernel', ...kernelFans(shape) } };
}

function constant(
  layer: string,
  weight: string,
  shape: readonly number[],
  value: number,
  trainable = true,
): WeightDecl {
  return { name: `${layer}/${weight}`, shape, trainable, init: { kind: 'constant', value } };
}

/**
 * PReLU's alpha shape from the checker's parameter count: one slope per channel (shared over
 * space, the usual U-Net choice), one in total (PyTorch's default), or one per activation.
 */
export function preluSharedAxes(node: IrNode): number[] {
  const channels = node.shape[node.shape.length - 1] ?? 1;
  const spatialAxes = node.shape.slice(0, -1).map((_, i) => i + 1);
  // One slope in all (PyTorch's nn.PReLU()): shared over the channel axis too.
  if (node.attrs.op === 'activation' && node.attrs.shared) return [...spatialAxes, node.shape.length];
  if (node.params === channels) return spatialAxes;
  if (node.params === 1) return [...spatialAxes, node.shape.length];
  return [];
}

function preluAlphaShape(node: IrNode): number[] {
  const shared = new Set(preluSharedAxes(node));
  return node.shape.map((size, i) => (shared.has(i + 1) ? 1 : size));
}

/** The variables of one IR node's layer, in the order tfjs-layers' `build` adds them. */
export function layerWeights(node: IrNode, index: GraphIndex): WeightDecl[] {
  const a = node.attrs;
  const id = node.id;
  switch (a.op) {
    case 'conv': {
      const decls = [kernel(id, [...a.kernel, index.inputChannels(node), a.filters])];
      return a.useBias ? [...decls, constant(id, 'bias', [a.filters], 0)] : decls;
    }
    case 'conv_transpose': {
      const decls = [kernel(id, [...a.kernel, a.filters, index.inputChannels(node)])];
      return a.useBias ? [...decls, constant(id, 'bias', [a.filters], 0)] : decls;
    }
    case 'norm': {
      const c = [index.inputChannels(node)];
      const affine = a.affine ? [constant(id, 'gamma', c, 1), constant(id, 'beta', c, 0)] : [];
      if (a.kind !== 'batch') return affine;
      return [
        ...affine,
        constant(id, 'moving_mean', c, 0, false),
        constant(id, 'moving_variance', c, 1, false),
      ];
    }
    case 'activation':
      return a.kind === 'prelu' ? [constant(id, 'alpha', preluAlphaShape(node), 0)] : [];
    default:
      return [];
  }
}

/** Number of scalars in a list of variables. */
export function weightCount(decls: readonly WeightDecl[]): number {
  return decls.reduce((sum, d) => sum + product(d.shape), 0);
}

/**
 * Every variable of the model in tfjs' save order: all trainable weights layer by layer, then all
 * non-trainable ones (BatchNorm moving statistics) — the order of `model.weights`.
 */
export function modelWeights(index: GraphIndex): WeightDecl[] {
  const all = index.graph.nodes.flatMap((node) => layerWeights(node, index));
  return [...all.filter((d) => d.trainable), ...all.filter((d) => !d.trainable)];
}

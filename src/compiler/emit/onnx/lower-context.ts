import type { IrNode } from '../../ir/ir.js';
import type { GraphIndex } from '../graph-index.js';
import type { OnnxGraphBuilder } from './onnx-graph-builder.js';

/**
 * A layer the ONNX emitter cannot express (an op it does not know, e.g. from a plan.json written
 * by a newer unetc). The message names the layer and says why, for a one-line CLI error.
 */
export class OnnxUnsupportedError extends Error {
  constructor(
    readonly layer: string,
    why: string,
  ) {
    super(`layer '${layer}' cannot be exported to ONNX: ${why}`);
    this.name = 'OnnxUnsupportedError';
  }
}

/** Exhaustiveness guard of a switch over op kinds; reached at run time only by foreign input. */
export function assertNever(value: never, node: IrNode): never {
  const op = (value as { op?: unknown }).op;
  throw new OnnxUnsupportedError(node.id, `op '${String(op)}' has no ONNX equivalent in unetc`);
}

/** What lowering one IR node needs: the graph so far, the IR, tensor names and the weights. */
export interface LowerContext {
  readonly builder: OnnxGraphBuilder;
  readonly index: GraphIndex;
  /** ONNX tensor (channels-first) holding an IR node's output. */
  tensor(id: string): string;
  /** Names the ONNX tensor of an IR node's output (a fresh name based on the node id). */
  define(id: string): string;
  /** A variable by its tfjs name ("enc0_conv1/kernel"), in the tfjs layout. */
  weight(name: string): Float32Array;
}

/** Spatial sizes (channels-last shape without the channel axis) of the node's first input. */
export function inputSpatial(ctx: LowerContext, node: IrNode): number[] {
  const first = node.inputs[0];
  if (first === undefined) throw new Error(`IR node '${node.id}' has no input`);
  return ctx.index.node(first).shape.slice(0, -1);
}

/** ONNX `pads` ([begin…, end…]) from per-axis [before, after] pairs. */
export function onnxPads(pairs: readonly (readonly [number, number])[]): number[] {
  return [...pairs.map((p) => p[0]), ...pairs.map((p) => p[1])];
}

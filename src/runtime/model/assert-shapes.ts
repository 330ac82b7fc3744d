import type * as tf from '@tensorflow/tfjs';
import type { IrGraph } from '../../compiler/ir/ir.js';

const show = (s: readonly (number | null)[]): string =>
  `[${s.map((n) => (n === null ? 'null' : n)).join(',')}]`;

/**
 * The runtime never re-derives shapes: it checks that the model tfjs built has exactly the layers
 * of the checked IR, each with the IR's output shape (batch axis null), and the checker's parameter
 * count. A mismatch is a bug in unetc (checker and emitter disagree), reported naming the layer.
 */
export function assertShapesMatchGraph(model: tf.LayersModel, graph: IrGraph, params: number): void {
  const problems: string[] = [];
  const names = new Set(model.layers.map((l) => l.name));
  for (const node of graph.nodes) {
    if (!names.has(node.id)) {
      problems.push(`layer '${node.id}' of the IR is missing from the model`);
      continue;
    }
    const actual = model.getLayer(node.id).outputShape as (number | null)[];
    const expected = [null, ...node.shape];
    if (show(actual) !== show(expected)) {
      problems.push(
        `layer '${node.id}' (${node.attrs.op}) outputs ${show(actual)} but the checker predicted ${show(expected)}`,
      );
    }
  }
  if (model.layers.length !== graph.nodes.length) {
    problems.push(`the model has ${model.layers.length} layers, the IR ${graph.nodes.length}`);
  }
  const counted = model.countParams();
  if (counted !== params)
    problems.push(`the model has ${counted} parameters but the checker counted ${params}`);
  if (problems.length > 0) {
    throw new Error(`internal error: the built model disagrees with the checker: ${problems.join('; ')}`);
  }
}

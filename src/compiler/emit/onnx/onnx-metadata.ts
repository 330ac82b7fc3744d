import type { CheckedModel } from '../../ir/checked-model.js';
import { fixedSpatialReason } from './onnx-model.js';

export interface OnnxMetadata {
  readonly key: string;
  readonly value: string;
}

/** Class names in class-index order: the spec's data.classes, else class0, class1, …. */
export function classNames(model: CheckedModel): string[] {
  const main = model.graph.outputs[0];
  const k = main?.shape.at(-1) ?? 1;
  const map = model.spec.data?.classMap ?? [];
  return Array.from(
    { length: Math.max(k, map.length) },
    (_, i) => map.find((c) => c.classIndex === i)?.name ?? `class${i}`,
  );
}

/**
 * metadata_props of the ONNX model: what a deployer needs besides the graph — the layout, the
 * input and output names, the class names, the head activation and the admissible input sizes.
 */
export function onnxMetadata(model: CheckedModel): OnnxMetadata[] {
  const { graph, summary, spec } = model;
  const fixed = fixedSpatialReason(graph);
  const sizes = summary.sizeRules.map((r) => `${r.min} + ${r.modulus}k`).join(', ');
  const entries: Record<string, string> = {
    'unetc.layout': graph.dims === 2 ? 'NHWC' : 'NDHWC',
    'unetc.input': graph.input,
    'unetc.outputs': JSON.stringify(graph.outputs.map((o) => o.name)),
    'unetc.classes': JSON.stringify(classNames(model)),
    'unetc.head': spec.network.head.activation,
    'unetc.input_shape': JSON.stringify(graph.nodes.find((n) => n.id === graph.input)?.shape ?? []),
    'unetc.spatial_sizes': fixed === null ? `dynamic: per axis ${sizes}` : `fixed: ${fixed}`,
  };
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

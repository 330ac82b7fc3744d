import { onnx } from './onnx-graph-builder.js';

const BYTES_PER_ELEMENT: Readonly<Record<number, number>> = {
  [onnx.TensorProto.DataType.FLOAT]: 4,
  [onnx.TensorProto.DataType.INT64]: 8,
};

/**
 * Structural problems of a serialised ONNX model, empty when sound: every node input is defined
 * before use (graph input, initializer or an earlier node's output; '' marks an omitted optional
 * input), every graph output is produced, names are unique, and every initializer holds exactly
 * as many values as its declared shape.
 */
export function onnxGraphProblems(bytes: Uint8Array): string[] {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph) return ['the model has no graph'];
  const problems: string[] = [];
  const defined = new Set<string>();
  const define = (name: string, what: string) => {
    if (defined.has(name)) problems.push(`${what} '${name}' is defined twice`);
    defined.add(name);
  };
  for (const input of graph.input ?? []) define(input.name ?? '', 'graph input');
  for (const init of graph.initializer ?? []) {
    define(init.name ?? '', 'initializer');
    const count = (init.dims ?? []).reduce((a, b) => a * Number(b), 1);
    const width = BYTES_PER_ELEMENT[init.dataType ?? 0];
    const stored =
      init.rawData && init.rawData.length > 0
        ? init.rawData.length / (width ?? 1)
        : (init.int64Data?.length ?? 0) + (init.floatData?.length ?? 0);
    if (width === undefined) problems.push(`initializer '${init.name}' has data type ${init.dataType}`);
    else if (stored !== count)
      problems.push(
        `initializer '${init.name}' holds ${stored} values, its shape [${(init.dims ?? []).join(', ')}] needs ${count}`,
      );
  }
  for (const node of graph.node ?? []) {
    for (const input of node.input ?? [])
      if (input !== '' && !defined.has(input))
        problems.push(`node '${node.name}' (${node.opType}) reads '${input}' before it is defined`);
    for (const output of node.output ?? []) define(output, `output of node '${node.name}'`);
  }
  for (const output of graph.output ?? [])
    if (!defined.has(output.name ?? '')) problems.push(`graph output '${output.name}' is never produced`);
  return problems;
}

import type { CheckedModel } from '../../ir/checked-model.js';
import type { IrGraph } from '../../ir/ir.js';
import { GraphIndex } from '../graph-index.js';
import { preluSharedAxes } from '../layer-weights.js';
import type { LowerContext } from './lower-context.js';
import { lowerNode } from './lower-node.js';
import { onnx, OnnxGraphBuilder } from './onnx-graph-builder.js';
import { onnxMetadata } from './onnx-metadata.js';

/** The ONNX opset the emitter targets (GroupNormalization, opset 18, is decomposed). */
export const ONNX_OPSET = 17;
/** IR version 8 is the one that goes with opset 17 (onnx 1.12–1.13). */
export const ONNX_IR_VERSION = 8;

const SPATIAL_NAMES = { 2: ['height', 'width'], 3: ['depth', 'height', 'width'] } as const;

/**
 * Why the spatial axes must be fixed, or null when every size the checker admits works: a PReLU
 * with one slope per pixel has weights of the tile's size.
 */
export function fixedSpatialReason(graph: IrGraph): string | null {
  const pixelwise = graph.nodes.find(
    (n) => n.attrs.op === 'activation' && n.attrs.kind === 'prelu' && preluSharedAxes(n).length === 0,
  );
  return pixelwise ? `PReLU '${pixelwise.id}' has one slope per pixel, so its size is the tile's` : null;
}

function valueInfo(name: string, dims: readonly (number | string)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export interface OnnxModelOptions {
  /** tfjs variable name → values (tfjs layouts), every variable of `model`. */
  readonly weights: ReadonlyMap<string, Float32Array>;
  readonly generator: string;
}

/**
 * The checked IR as an ONNX model: channels-last input and outputs like the rest of unetc
 * ([N, (D,) H, W, C]), one Transpose at each end and channels-first inside; a dynamic batch axis;
 * dynamic spatial axes unless `fixedSpatialReason` says otherwise; outputs named as the IR names
 * them ("main", "X0_1" …). Returns the serialised protobuf.
 */
export function onnxModel(model: CheckedModel, options: OnnxModelOptions): Uint8Array {
  const { graph } = model;
  const index = new GraphIndex(graph);
  const builder = new OnnxGraphBuilder();
  const tensors = new Map<string, string>();
  const inputNode = index.node(graph.input);
  const rank = inputNode.shape.length + 1;
  const toFirst = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  const toLast = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const inputName = builder.claim(graph.input);
  const outputNames = graph.outputs.map((o) => builder.claim(o.name));
  const ctx: LowerContext = {
    builder,
    index,
    tensor: (id) => {
      const name = tensors.get(id);
      if (name === undefined) throw new Error(`IR node '${id}' is used before it is defined`);
      return name;
    },
    define: (id) => {
      const name = builder.fresh(`${id}.out`);
      tensors.set(id, name);
      return name;
    },
    weight: (name) => {
      const values = options.weights.get(name);
      if (!values) throw new Error(`no weights for variable '${name}'`);
      return values;
    },
  };
  builder.node('Transpose', [inputName], { perm: toFirst }, ctx.define(graph.input));
  for (const node of graph.nodes) if (node.id !== graph.input) lowerNode(ctx, node);
  graph.outputs.forEach((o, i) =>
    builder.node('Transpose', [ctx.tensor(o.node)], { perm: toLast }, outputNames[i]),
  );

  const fixed = fixedSpatialReason(graph) !== null;
  const spatialNames = SPATIAL_NAMES[graph.dims];
  const inputDims = [
    'batch',
    ...inputNode.shape.slice(0, -1).map((s, i) => (fixed ? s : spatialNames[i]!)),
    inputNode.shape.at(-1)!,
  ];
  const outputs = graph.outputs.map((o, i) =>
    valueInfo(outputNames[i]!, [
      'batch',
      ...o.shape.slice(0, -1).map((s, a) => (fixed ? s : `${o.name}_${spatialNames[a]!}`)),
      o.shape.at(-1)!,
    ]),
  );
  const proto = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'unetc',
    producerVersion: options.generator.replace(/^unetc /, ''),
    docString: `${model.spec.name}: compiled by ${options.generator}`,
    graph: {
      name: model.spec.name,
      node: builder.nodes,
      initializer: builder.initializers,
      input: [valueInfo(inputName, inputDims)],
      output: outputs,
    },
    metadataProps: onnxMetadata(model),
  });
  return onnx.ModelProto.encode(proto).finish();
}

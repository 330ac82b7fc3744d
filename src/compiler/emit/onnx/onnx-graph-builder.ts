import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;

/** An attribute value: ints and floats are told apart by the caller (`{ f: … }` for a float). */
export type AttributeValue = number | readonly number[] | string | { readonly f: number };

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** float32 values as little-endian bytes, bit for bit (ONNX raw_data is little-endian). */
function float32Bytes(values: Float32Array): Uint8Array {
  if (littleEndian) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

function attribute(name: string, value: AttributeValue): AttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { name, type: T.INT, i: value };
  if ('f' in value) return { name, type: T.FLOAT, f: value.f };
  return { name, type: T.INTS, ints: [...value] };
}

/**
 * Accumulates the nodes and initializers of one ONNX graph in topological order, handing out
 * unique tensor names. Emitters call `node` in the order the tensors are produced.
 */
export class OnnxGraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();

  /** A fresh tensor name based on `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a name the caller chose (an IR node id); an IR with duplicate ids is a bug. */
  claim(name: string): string {
    if (this.used.has(name)) throw new Error(`ONNX tensor name '${name}' is used twice`);
    this.used.add(name);
    return name;
  }

  /** Adds one node; returns its (single) output name, `output` if given, else a fresh one. */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    output?: string,
  ): string {
    const out = output ?? this.fresh(`${inputs[0] ?? opType}_${opType.toLowerCase()}`);
    this.nodes.push({
      name: this.fresh(`node_${out}`),
      opType,
      input: [...inputs],
      output: [out],
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  floatInitializer(base: string, dims: readonly number[], values: Float32Array): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length)
      throw new Error(`initializer '${base}' has ${values.length} values for shape [${dims.join(', ')}]`);
    const name = this.fresh(base);
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: float32Bytes(values),
    });
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, slice bounds). */
  intInitializer(base: string, values: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      int64Data: [...values],
    });
    return name;
  }

  scalar(base: string, value: number): string {
    return this.floatInitializer(base, [], Float32Array.of(value));
  }
}
